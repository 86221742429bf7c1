import { parseArgs } from 'node:util';
import { coerceText } from './coerce.js';
import { leafByKey, type ConfigOverrides, type LeafPath } from './leaves.js';
import { DEFAULTS } from './schema.js';
import { didYouMean } from './suggest.js';

/** One command-line flag. */
export interface FlagSpec {
  /** Long name without dashes: 'tcp-port'. */
  readonly name: string;
  readonly short?: string;
  /** Placeholder for the value in help ('n', 'dir'); absent for on/off flags. */
  readonly arg?: string;
  readonly help: string;
  /** The config key the value overrides; absent for flags the command reads itself (--config). */
  readonly key?: LeafPath;
}

export interface CommandSpec {
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  /** Help placeholder for positional arguments; absent when the command takes none. */
  readonly args?: string;
}

const CONFIG_FLAGS: readonly FlagSpec[] = [
  { name: 'config', arg: 'file', help: 'TOML config file (default: ./glide.toml when present)' },
  { name: 'log-level', arg: 'level', key: ['log', 'level'], help: 'trace, debug, info, warn, error, fatal or silent' },
];

const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'help', short: 'h', help: 'Show help' },
  { name: 'version', help: 'Print the version' },
];

/** Flags of the operator commands that open the store of a stopped or running server. */
const STORE_FLAGS: readonly FlagSpec[] = [
  { name: 'data', arg: 'dir', key: ['server', 'dataDir'], help: 'The server\'s data directory' },
  { name: 'db', arg: 'url', key: ['store', 'url'], help: 'The server\'s database: sqlite:<file>, postgres://… or mysql://…; empty means SQLite in the data directory' },
  { name: 'json', help: 'Print JSON instead of a table' },
  ...CONFIG_FLAGS,
];

/** The command table. A new command (bench, migrate, user) is one entry here plus one runner in main.ts. */
export const COMMANDS = {
  serve: {
    summary: 'Run the server: HTTP API, WebSocket (/ws), TCP gateway and web page',
    flags: [
      { name: 'port', arg: 'n', key: ['server', 'port'], help: 'Port for HTTP, /ws and the web page; 0 picks a free one' },
      { name: 'tcp-port', arg: 'n', key: ['server', 'tcpPort'], help: 'TCP gateway port; 0 picks a free one, -1 disables TCP' },
      { name: 'host', arg: 'addr', key: ['server', 'host'], help: 'Address to listen on' },
      { name: 'data', arg: 'dir', key: ['server', 'dataDir'], help: 'Directory for the embedded database and generated secrets' },
      { name: 'db', arg: 'url', key: ['store', 'url'], help: 'Database: sqlite:<file>, postgres://… or mysql://…; empty means SQLite in the data directory' },
      { name: 'cluster', arg: 'nats-url', key: ['cluster', 'nats'], help: 'Join a cluster over NATS (nats://127.0.0.1:4222, or a NATS cluster\'s servers comma-separated); needs a shared --db (postgres:// or mysql://)' },
      { name: 'node-id', arg: 'n', key: ['cluster', 'nodeId'], help: 'Cluster node id 0..127; -1 (default) leases a free one from NATS' },
      { name: 'public-url', arg: 'ws-url', key: ['server', 'publicWsUrl'], help: 'WebSocket URL announced to clients; empty derives it from host and port' },
      ...CONFIG_FLAGS,
    ],
  },
  bench: {
    summary: 'Load-test a local server: chat (--max searches the rate), group, connect, reconnect, compare chat (against a reference relay)',
    args: '<chat|group|connect|reconnect|compare chat>',
    flags: [
      { name: 'url', arg: 'http-url', help: 'Server to load, http://127.0.0.1:<port> only; a comma-separated list loads the nodes of a cluster, every chat pair across two (default http://127.0.0.1:8080)' },
      { name: 'spawn', help: 'Start a server (or --nodes of them) on temp data dirs for the run and stop it at the end' },
      { name: 'nodes', arg: 'n', help: 'With --spawn: start n nodes as a cluster (fresh prefix and auth secret), users spread round-robin; above 1 needs --db (default 1)' },
      { name: 'db', arg: 'url', help: 'With --spawn: postgres://127.0.0.1… or mysql://127.0.0.1… the spawned nodes share (default SQLite in the data dir)' },
      { name: 'cluster', arg: 'nats-url', help: 'With --nodes above 1: the NATS the nodes meet on (default nats://127.0.0.1:4222)' },
      { name: 'data', arg: 'dir', help: 'With --spawn and no --db: use (and keep) this data dir, so accounts are reused across runs' },
      { name: 'server-pid', arg: 'pid', help: 'PID of the server at --url (comma-separated, one per URL), to report CPU and RSS (summed over nodes)' },
      { name: 'users', arg: 'n', help: 'Users, one connection each; chat pairs them (default 100; connect 1000)' },
      { name: 'groups', arg: 'n', help: 'group: number of groups (default 1)' },
      { name: 'members', arg: 'n', help: 'group: members per group, the first one sends (default 100)' },
      { name: 'rate', arg: 'msg/s', help: 'Messages per second per user (group: per sender); the start rate with --max (default 1)' },
      { name: 'duration', arg: 's', help: 'Seconds per step (chat, reconnect) or of holding (connect) (default 10; connect 30)' },
      { name: 'max', help: 'chat: search the highest rate with p99 send→delivery under --p99 and 100 % delivery' },
      { name: 'p99', arg: 'ms', help: 'p99 send→delivery limit for --max and compare (default 100)' },
      { name: 'workers', arg: 'n', help: 'Client worker processes (default: the number of cores, and at least one per 15,000 connections)' },
      { name: 'sources', arg: 'n', help: 'Loopback source addresses 127.0.0.2… to spread connections over (default 4, one per 4,000 users above 16,000)' },
      { name: 'connect-rate', arg: 'n/s', help: 'New connections per second (default 1000)' },
      { name: 'drop', arg: 'percent', help: 'reconnect: share of clients dropped at once (default 20)' },
      { name: 'codec', arg: 'name', help: 'json or protobuf (default json)' },
      { name: 'size', arg: 'bytes', help: 'Message content size (default 64)' },
      { name: 'drain', arg: 's', help: 'Wait for outstanding acks and deliveries after a step (default 5)' },
      { name: 'warmup', arg: 's', help: 'Unreported low-rate step first, to warm caches and the JIT; 0 skips it (default 2)' },
      { name: 'heartbeat', arg: 's', help: 'Heartbeat interval of idle connections (default 20)' },
      { name: 'out', arg: 'dir', help: 'Where the JSON and Markdown summaries go (default bench/out)' },
      { name: 'profile', help: 'With --spawn: run the server with --cpu-prof, profile in <out>/profiles' },
      { name: 'kill-one', help: 'connect --spawn --nodes n: after the hold, SIGKILL the last node under a trickle of messages; report the time until its clients are back on the others and lost/duplicated messages' },
    ],
  },
  user: {
    summary: 'Manage accounts in the store: list, create <account>, disable <account|uid>, reset-password <account|uid> (passwords are read from standard input), import <file> (JSONL { account, name, passwordHash } or CSV account,name,passwordHash; argon2 PHC hashes, batched transactions)',
    args: '<list|create|disable|reset-password|import> [account|uid|file]',
    flags: [
      { name: 'nickname', arg: 'name', help: 'create: the nickname (default: the account)' },
      { name: 'tokens', arg: 'file', help: 'import: also write a sign-in token per imported user to this JSONL file (load tests)' },
      { name: 'token-device', arg: 'n', help: 'import --tokens: the device the tokens are for (default 2, web)' },
      ...STORE_FLAGS,
    ],
  },
  group: {
    summary: 'Inspect groups in the store: list, info <gid>',
    args: '<list|info> [gid]',
    flags: STORE_FLAGS,
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export const DEFAULT_COMMAND: CommandName = 'serve';

/** What the command line asks for. Pure data: main.ts acts on it. */
export type CliRequest =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly command: CommandName;
      /** --config, when given. */
      readonly configFile: string | undefined;
      /** Flags that map to config keys, already converted to the key's type. */
      readonly overrides: ConfigOverrides;
      /** Raw values of flags without a config key, by long name. */
      readonly options: Readonly<Record<string, string | boolean | undefined>>;
      readonly args: readonly string[];
    }
  /** `hint` is one line pointing to the help, which the error does not repeat. */
  | { readonly kind: 'error'; readonly message: string; readonly hint: string };

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

function flagsOf(command: CommandName): readonly FlagSpec[] {
  return [...COMMANDS[command].flags, ...GLOBAL_FLAGS];
}

function label(flag: FlagSpec): string {
  const long = `--${flag.name}${flag.arg === undefined ? '' : ` <${flag.arg}>`}`;
  return flag.short === undefined ? long : `-${flag.short}, ${long}`;
}

function describe(flag: FlagSpec): string {
  if (flag.key === undefined) return flag.help;
  const [section, key] = flag.key;
  const fallback: unknown = (DEFAULTS[section] as Record<string, unknown>)[key];
  const shown = fallback === '' || fallback === undefined ? '' : `, default ${String(fallback)}`;
  return `${flag.help} (${section}.${key}${shown})`;
}

function flagLines(flags: readonly FlagSpec[], width: number): string[] {
  return flags.map((flag) => `  ${label(flag).padEnd(width)}${describe(flag)}`);
}

const SOURCES_NOTE = [
  'Configuration, later wins: defaults < glide.toml (or --config) < environment < flags.',
  'Every key can be set in the environment as GLIDE_<SECTION>_<KEY>, e.g. GLIDE_SERVER_TCP_PORT=9000,',
  'GLIDE_GATEWAY_MAX_QUEUE_BYTES=8388608, GLIDE_AUTH_TRUSTED_ADDRESSES=10.0.0.1,10.0.0.2 (lists are comma-separated).',
];

/** Help for one command, or for the whole CLI when `command` is undefined. */
export function helpText(command?: CommandName): string {
  const lines: string[] = [];
  const shown = [...(command === undefined ? Object.values(COMMANDS).flatMap((spec) => spec.flags) : COMMANDS[command].flags), ...GLOBAL_FLAGS];
  const width = Math.max(...shown.map((flag) => label(flag).length)) + 2;
  if (command === undefined) {
    const names = Object.keys(COMMANDS) as CommandName[];
    const nameWidth = Math.max(4, ...names.map((name) => name.length)) + 2;
    lines.push('Usage: glide [command] [flags]', '', 'Glide: a GlideIM-compatible instant-messaging server.', '', 'Commands:');
    for (const name of names) lines.push(`  ${name.padEnd(nameWidth)}${COMMANDS[name].summary}${name === DEFAULT_COMMAND ? ' (default)' : ''}`);
    lines.push(`  ${'help'.padEnd(nameWidth)}Show help; glide help <command> for one command`);
    for (const name of names) lines.push('', `Flags of ${name}:`, ...flagLines(COMMANDS[name].flags, width));
  } else {
    const spec: CommandSpec = COMMANDS[command];
    lines.push(`Usage: glide ${command} [flags]${spec.args === undefined ? '' : ` ${spec.args}`}`, '', `${spec.summary}.`, '', 'Flags:', ...flagLines(spec.flags, width));
  }
  lines.push('', 'Global flags:', ...flagLines(GLOBAL_FLAGS, width), '', ...SOURCES_NOTE);
  return `${lines.join('\n')}\n`;
}

/** parseArgs reads `--tcp-port -1` as a missing value followed by a flag; glue negative numbers on. */
function glueNegativeValues(args: readonly string[], flags: readonly FlagSpec[]): string[] {
  const takesValue = new Map<string, string>();
  for (const flag of flags) {
    if (flag.arg === undefined) continue;
    takesValue.set(`--${flag.name}`, flag.name);
    if (flag.short !== undefined) takesValue.set(`-${flag.short}`, flag.name);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const name = takesValue.get(arg);
    const next = args[i + 1];
    if (name !== undefined && next !== undefined && /^-\d+(\.\d+)?$/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Turns node:util's wordy parse errors into one short line. */
function parseErrorMessage(err: unknown, flags: readonly FlagSpec[]): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const flag = quoted.split(/[ ,]+/).find((part) => part.startsWith('--')) ?? quoted.split(' ')[0] ?? quoted;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}${didYouMean(flag, flags.map((f) => `--${f.name}`))}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('does not take') ? `flag ${flag} takes no value` : `flag ${flag} needs a value`;
    default:
      return message.split('\n')[0] ?? message;
  }
}

function hintFor(command?: CommandName): string {
  return `Run "glide ${command === undefined ? '' : `${command} `}--help" for usage.`;
}

/** Parses argv (without node and the script). Never throws, never touches the process. */
export function parseCli(argv: readonly string[]): CliRequest {
  const [first, ...rest] = argv;
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help', text: helpText() };
    if (isCommand(topic)) return { kind: 'help', text: helpText(topic) };
    return { kind: 'error', message: `unknown command "${topic}"${didYouMean(topic, Object.keys(COMMANDS))}`, hint: hintFor() };
  }
  const isNamed = first !== undefined && !first.startsWith('-');
  const command = isNamed ? first : DEFAULT_COMMAND;
  if (!isCommand(command)) {
    return { kind: 'error', message: `unknown command "${command}"${didYouMean(command, [...Object.keys(COMMANDS), 'help'])}`, hint: hintFor() };
  }
  const spec: CommandSpec = COMMANDS[command];
  const flags = flagsOf(command);
  const usage = helpText(isNamed ? command : undefined);
  const hint = hintFor(isNamed ? command : undefined);

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: glueNegativeValues(isNamed ? rest : argv, flags),
      options: Object.fromEntries(
        flags.map((flag) => [flag.name, { type: flag.arg === undefined ? 'boolean' : 'string', ...(flag.short === undefined ? {} : { short: flag.short }) }]),
      ),
      strict: true,
      allowPositionals: spec.args !== undefined,
    });
  } catch (err) {
    return { kind: 'error', message: parseErrorMessage(err, flags), hint };
  }
  const { values, positionals } = parsed;
  if (values['help'] === true) return { kind: 'help', text: usage };
  if (values['version'] === true) return { kind: 'version' };

  const overrides: Record<string, Record<string, unknown>> = {};
  const options: Record<string, string | boolean | undefined> = {};
  const problems: string[] = [];
  for (const flag of spec.flags) {
    const raw = values[flag.name];
    if (raw === undefined || Array.isArray(raw)) continue;
    if (flag.key === undefined) {
      options[flag.name] = raw;
      continue;
    }
    const [section, key] = flag.key;
    const leaf = leafByKey(`${section}.${key}`);
    const coerced = typeof raw === 'boolean' || leaf === undefined ? { ok: true as const, value: raw } : coerceText(leaf.schema, raw);
    if (!coerced.ok) problems.push(`--${flag.name} expects ${coerced.expected}, got "${String(raw)}"`);
    else (overrides[section] ??= {})[key] = coerced.value;
  }
  if (problems.length > 0) return { kind: 'error', message: problems.join('; '), hint };

  const configFile = options['config'];
  return {
    kind: 'run',
    command,
    configFile: typeof configFile === 'string' ? configFile : undefined,
    // Values were converted to each key's type; loadConfig validates them with everything else.
    overrides: overrides as ConfigOverrides,
    options,
    args: positionals,
  };
}
