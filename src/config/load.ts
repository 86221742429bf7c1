import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { GlideError } from '../core/index.js';
import { readEnv } from './env.js';
import type { ConfigOverrides } from './leaves.js';
import { DEFAULTS, type Config } from './schema.js';
import { checkConfig, formatConfigIssues, type ConfigIssue } from './validate.js';

export interface LoadConfigOptions {
  /** Base for relative paths (config file, server.dataDir, sqlite file) and where glide.toml is looked for. */
  readonly cwd: string;
  /** Where GLIDE_* variables are read from; main.ts passes process.env, tests pass a literal. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** An explicit TOML file (--config); it must exist. When absent, <cwd>/glide.toml is used if present. */
  readonly configFile?: string | undefined;
  /** Highest precedence (CLI flags, tests). Undefined values are skipped. */
  readonly overrides?: ConfigOverrides | undefined;
  /** Names the overrides in error messages. */
  readonly overridesSource?: string | undefined;
}

export const DEFAULT_CONFIG_FILE = 'glide.toml';

type Table = Record<string, unknown>;

function isPlainObject(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Lays `layer` over `target`. Tables merge key by key, anything else (arrays included) replaces.
 * `sources` records who set each dotted path, so errors can name the culprit.
 */
function merge(target: Table, layer: Table, source: string, sources: Map<string, string>, prefix = ''): void {
  for (const [name, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (isPlainObject(value)) {
      if (target[name] === undefined) {
        target[name] = {};
        sources.set(path, source);
      }
      const next = target[name];
      // A non-table here was put by an earlier layer and is already an error; leave it to be reported.
      if (isPlainObject(next)) merge(next, value, source, sources, path);
      continue;
    }
    target[name] = structuredClone(value);
    sources.set(path, source);
  }
}

function setPath(target: Table, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const next = target[head];
  if (isPlainObject(next)) setPath(next, rest, value);
}

interface FileLayer {
  readonly path: string;
  readonly table?: Table;
  readonly issue?: ConfigIssue;
}

function readConfigFile(cwd: string, configFile: string | undefined): FileLayer | undefined {
  const path = resolve(cwd, configFile ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Only the implicit glide.toml is optional.
    if (code === 'ENOENT' && configFile === undefined) return undefined;
    const message = code === 'ENOENT' ? 'config file not found' : `config file cannot be read (${code ?? String(err)})`;
    return { path, issue: { path, message } };
  }
  try {
    return { path, table: parseToml(text) };
  } catch (err) {
    const message = err instanceof TomlError ? `invalid TOML at line ${err.line}, column ${err.column}: ${err.message.split('\n')[0] ?? ''}` : `invalid TOML: ${String(err)}`;
    return { path, issue: { path, message } };
  }
}

/** Relative paths mean "relative to where glide was started", fixed once here so nothing depends on process.cwd() later. */
function resolvePaths(config: Config, cwd: string): void {
  config.server.dataDir = resolve(cwd, config.server.dataDir);
  const sqlite = /^sqlite:(?!\/\/)(.+)$/.exec(config.store.url);
  const file = sqlite?.[1];
  if (file !== undefined && file !== ':memory:' && !isAbsolute(file)) config.store.url = `sqlite:${resolve(cwd, file)}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Builds the configuration. Sources, later wins: DEFAULTS < TOML file < GLIDE_* env < overrides.
 * Validates once and throws one GlideError('CONFIG_INVALID') listing every problem (bad values,
 * unknown file keys, unknown GLIDE_* variables, unreadable file). The result is deep-frozen.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const merged = structuredClone(DEFAULTS) as unknown as Table;
  const sources = new Map<string, string>();
  const issues: ConfigIssue[] = [];

  const file = readConfigFile(options.cwd, options.configFile);
  if (file?.issue) issues.push(file.issue);
  if (file?.table) merge(merged, file.table, file.path, sources);

  const env = readEnv(options.env);
  issues.push(...env.issues);
  for (const { leaf, value } of env.settings) {
    setPath(merged, leaf.path, value);
    sources.set(leaf.key, leaf.envName);
  }

  if (options.overrides) merge(merged, options.overrides as Table, options.overridesSource ?? 'overrides', sources);

  const sourceOf = (path: string): string | undefined => {
    for (let at = path; at !== ''; at = at.slice(0, Math.max(0, at.lastIndexOf('.')))) {
      const source = sources.get(at);
      if (source !== undefined) return source;
    }
    return undefined;
  };
  issues.push(...checkConfig(merged, sourceOf));
  if (issues.length > 0) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    throw new GlideError('CONFIG_INVALID', `${count}\n${formatConfigIssues(issues)}`);
  }

  const config = merged as unknown as Config;
  resolvePaths(config, options.cwd);
  return deepFreeze(config);
}
