import { Type, type TSchema } from 'typebox';
import { ConfigSchema, type Config } from './schema.js';

/** One settable value of the config: where it lives, how the environment names it, and its schema. */
export interface ConfigLeaf {
  /** Segments from the root, e.g. ['server', 'tcpPort']. */
  readonly path: readonly string[];
  /** Dotted form used in messages and in TOML: 'server.tcpPort'. */
  readonly key: string;
  /** 'GLIDE_SERVER_TCP_PORT'. */
  readonly envName: string;
  readonly schema: TSchema;
}

/** A [section, key] pair that names a leaf, checked by the compiler (used by the CLI flag table). */
export type LeafPath = { [S in keyof Config]: readonly [S, keyof Config[S] & string] }[keyof Config];

/** Values that win over every other source; each key is checked by the schema like any other. */
export type ConfigOverrides = { readonly [S in keyof Config]?: { readonly [K in keyof Config[S]]?: Config[S][K] } };

export const ENV_PREFIX = 'GLIDE_';

/** camelCase → UPPER_SNAKE: 'maxQueueBytes' → 'MAX_QUEUE_BYTES', 'publicWsUrl' → 'PUBLIC_WS_URL'. */
export function toUpperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/** GLIDE_<SECTION>_<KEY>: ['server', 'tcpPort'] → 'GLIDE_SERVER_TCP_PORT'. */
export function envNameOf(path: readonly string[]): string {
  return ENV_PREFIX + path.map(toUpperSnake).join('_');
}

function collect(schema: TSchema, path: readonly string[], out: ConfigLeaf[]): void {
  if (Type.IsObject(schema)) {
    for (const [name, child] of Object.entries(schema.properties)) collect(child, [...path, name], out);
    return;
  }
  out.push({ path, key: path.join('.'), envName: envNameOf(path), schema });
}

function buildLeaves(): readonly ConfigLeaf[] {
  const leaves: ConfigLeaf[] = [];
  collect(ConfigSchema, [], leaves);
  // Two keys that spell the same env name would make one of them unreachable: a schema bug.
  const seen = new Set<string>();
  for (const leaf of leaves) {
    if (seen.has(leaf.envName)) throw new Error(`config keys collide on env name ${leaf.envName}`);
    seen.add(leaf.envName);
  }
  return leaves;
}

/** Every leaf of ConfigSchema, in schema order. */
export const CONFIG_LEAVES: readonly ConfigLeaf[] = buildLeaves();

const BY_ENV = new Map(CONFIG_LEAVES.map((leaf) => [leaf.envName, leaf]));
const BY_KEY = new Map(CONFIG_LEAVES.map((leaf) => [leaf.key, leaf]));

export function leafByEnvName(name: string): ConfigLeaf | undefined {
  return BY_ENV.get(name);
}

export function leafByKey(key: string): ConfigLeaf | undefined {
  return BY_KEY.get(key);
}
