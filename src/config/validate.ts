import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { closest } from './suggest.js';
import { ConfigSchema, natsServers } from './schema.js';

/** One problem found in the merged config. */
export interface ConfigIssue {
  /** 'server.port', 'auth.trustedAddresses[1]', or the env var / file name when no key applies. */
  readonly path: string;
  readonly message: string;
  /** Where the offending value came from: a file path, an env var name, 'command line'. */
  readonly source?: string | undefined;
}

/** Which source last set a dotted path (or one of its ancestors). */
export type SourceOf = (path: string) => string | undefined;

// Values of these keys may hold credentials, so messages never echo them.
const SENSITIVE = /secret|password|url|nats/i;

/** Names the bad entry by position only: a NATS URL may carry a user and password. */
function badNatsServers(servers: readonly string[]): string | undefined {
  const bad = servers.findIndex((url) => !isNatsUrl(url));
  if (bad < 0) return undefined;
  const which = servers.length === 1 ? 'the server' : `server ${bad + 1} of ${servers.length}`;
  return `${which} must be a nats:// or tls:// URL with a host (nats://10.0.0.1:4222); list a cluster's servers comma-separated`;
}

function isNatsUrl(text: string): boolean {
  if (!/^(nats|tls):\/\//.test(text)) return false;
  try {
    return new URL(text).hostname !== '';
  } catch {
    return false;
  }
}

/** Checks beyond the schema's types, run only when the leaf itself is well-typed. */
const RULES: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  'store.url': (value) =>
    typeof value === 'string' && value !== '' && !/^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/)/.test(value)
      ? 'must be empty, sqlite:<file>, postgres://… or mysql://…'
      : undefined,
  'cluster.nats': (value) => badNatsServers(natsServers(value as string | string[])),
  'server.publicWsUrl': (value) =>
    typeof value === 'string' && value !== '' && !/^wss?:\/\/./.test(value) ? 'must be empty or a ws:// or wss:// URL' : undefined,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** "must be one of a, b, c" for unions of literals; TypeBox's per-branch errors say nothing useful there. */
function literalChoices(schema: TSchema): string | undefined {
  if (!Type.IsUnion(schema) || !schema.anyOf.every((branch) => Type.IsLiteral(branch))) return undefined;
  return `must be one of ${schema.anyOf.map((branch) => (Type.IsLiteral(branch) ? String(branch.const) : '')).join(', ')}`;
}

/** "must be a string or a list of strings" for other unions: the per-branch errors contradict each other. */
function unionChoices(schema: TSchema): string | undefined {
  if (!Type.IsUnion(schema)) return undefined;
  const kind = (branch: TSchema): string => (Type.IsArray(branch) ? `a list of ${kind(branch.items).replace(/^an? /, '')}s` : Type.IsString(branch) ? 'a string' : Type.IsInteger(branch) ? 'an integer' : 'a value');
  return `must be ${schema.anyOf.map(kind).join(' or ')}`;
}

/** '/0/name' → '[0].name' appended to the leaf's dotted key. */
function joinPointer(key: string, pointer: string): string {
  if (pointer === '') return key;
  return pointer
    .split('/')
    .slice(1)
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`), key);
}

function checkLeaf(schema: TSchema, value: unknown, key: string, source: string | undefined, issues: ConfigIssue[]): void {
  const got = SENSITIVE.test(key) ? '' : ` (got ${shown(value)})`;
  if (value === undefined) {
    issues.push({ path: key, message: 'is required', source });
    return;
  }
  const errors = Value.Errors(schema, value);
  if (errors.length === 0) {
    const broken = RULES[key]?.(value);
    if (broken !== undefined) issues.push({ path: key, message: broken + got, source });
    return;
  }
  const choices = literalChoices(schema) ?? unionChoices(schema);
  if (choices !== undefined) {
    issues.push({ path: key, message: choices + got, source });
    return;
  }
  // One message per location: TypeBox may report several for the same value.
  const seen = new Set<string>();
  for (const error of errors) {
    if (seen.has(error.instancePath)) continue;
    seen.add(error.instancePath);
    const path = joinPointer(key, error.instancePath);
    const detail = error.instancePath === '' ? got : '';
    issues.push({ path, message: error.message + detail, source });
  }
}

function walk(schema: TSchema, value: unknown, path: readonly string[], sourceOf: SourceOf, issues: ConfigIssue[]): void {
  const key = path.join('.');
  if (!Type.IsObject(schema)) {
    checkLeaf(schema, value, key, sourceOf(key), issues);
    return;
  }
  if (!isPlainObject(value)) {
    issues.push({ path: key, message: 'must be a table of settings', source: sourceOf(key) });
    return;
  }
  const known = Object.keys(schema.properties);
  for (const name of Object.keys(value)) {
    if (Object.hasOwn(schema.properties, name)) continue;
    const unknownKey = [...path, name].join('.');
    const match = closest(name, known);
    const message = match === undefined ? 'unknown key' : `unknown key, did you mean ${[...path, match].join('.')}?`;
    issues.push({ path: unknownKey, message, source: sourceOf(unknownKey) });
  }
  for (const [name, child] of Object.entries(schema.properties)) walk(child, value[name], [...path, name], sourceOf, issues);
}

/** Every problem with a merged config, in schema order; empty when it is valid. */
export function checkConfig(value: unknown, sourceOf: SourceOf = () => undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  walk(ConfigSchema, value, [], sourceOf, issues);
  return issues;
}

/** One line per issue: '  - server.port: must be <= 65535 (got 70000) [from GLIDE_SERVER_PORT]'. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((issue) => `  - ${issue.path}: ${issue.message}${issue.source === undefined ? '' : ` [from ${issue.source}]`}`).join('\n');
}
