#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { loadConfig, parseCli, type CliRequest, type CommandName, type Config } from './config/index.js';
import { isGlideError, systemClock, type Logger } from './core/index.js';
import { createLogger } from './log/index.js';
import type { App } from './app.js';

type RunRequest = Extract<CliRequest, { kind: 'run' }>;

/** Runs a command; resolves with the process exit code. */
type Runner = (request: RunRequest) => Promise<number>;

/** Exit codes: 0 done, 1 failure at run time, 2 bad usage or bad configuration. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** Time close() gets beyond the configured client grace period before we give up on it. */
const CLOSE_SLACK_MS = 10_000;

function version(): string {
  // ../package.json from both src/main.ts (tsx) and dist/main.js.
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const value = typeof pkg === 'object' && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
  return typeof value === 'string' ? value : 'unknown';
}

function loadFor(request: RunRequest): Config {
  return loadConfig({
    cwd: process.cwd(),
    env: process.env,
    configFile: request.configFile,
    overrides: request.overrides,
    overridesSource: 'command line',
  });
}

function rootLogger(config: Config): Logger {
  const isPretty = config.log.format === 'pretty' || (config.log.format === 'auto' && process.stdout.isTTY === true);
  return createLogger({ level: config.log.level, isPretty });
}

/** Host as it appears in a URL: wildcard binds are reachable at localhost; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The line for a listen that failed because its port is taken, naming the flag and variable that move it. */
function portInUseMessage(err: unknown, config: Config): string | undefined {
  const { code, port } = err as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE') return undefined;
  const isTcp = typeof port === 'number' && port === config.server.tcpPort && port !== config.server.port;
  return isTcp
    ? `port ${port} is in use: choose another with --tcp-port or GLIDE_SERVER_TCP_PORT (-1 disables TCP)`
    : `port ${typeof port === 'number' ? port : config.server.port} is in use: choose another with --port or GLIDE_SERVER_PORT`;
}

async function runServe(request: RunRequest): Promise<number> {
  const config = loadFor(request);
  const log = rootLogger(config);
  let app: App;
  try {
    // Loaded here so help, version and other commands do not pay for the whole server.
    const { createApp } = await import('./app.js');
    app = await createApp({ config, log });
  } catch (err) {
    // A GlideError is the operator's to fix (configuration, a database that cannot be written): one
    // line saying what and why, no stack.
    if (isGlideError(err)) log.fatal({ code: err.code, reason: err.message }, 'server failed to initialise');
    else log.fatal({ err }, 'server failed to initialise');
    return EXIT_FAILURE;
  }

  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  let isStopping = false;

  // close() once; a hung close still ends the process after the deadline.
  const stop = async (reason: string, code: number): Promise<void> => {
    isStopping = true;
    const deadline = setTimeout(() => {
      log.error({ reason }, 'shutdown timed out');
      finish(EXIT_FAILURE);
    }, config.server.shutdownGraceMs + CLOSE_SLACK_MS);
    try {
      await app.close(reason);
      log.info({ reason }, 'server stopped');
      finish(code);
    } catch (err) {
      log.error({ err, reason }, 'shutdown failed');
      finish(EXIT_FAILURE);
    } finally {
      clearTimeout(deadline);
    }
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (isStopping) {
      log.warn({ signal }, 'second signal, exiting without waiting');
      finish(EXIT_FAILURE);
      return;
    }
    log.info({ signal }, 'shutting down');
    void stop(signal, 0);
  };
  const onFatal =
    (what: string) =>
    (err: unknown): void => {
      log.fatal({ err }, what);
      if (isStopping) finish(EXIT_FAILURE);
      else void stop(what, EXIT_FAILURE);
    };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onFatal('uncaught exception'));
  process.on('unhandledRejection', onFatal('unhandled rejection'));

  try {
    const { httpPort, tcpPort } = await app.start();
    const host = urlHost(config.server.host);
    log.info(
      {
        host: config.server.host,
        http: `http://${host}:${httpPort}`,
        ws: `ws://${host}:${httpPort}/ws`,
        tcp: tcpPort === null ? 'disabled' : `tcp://${host}:${tcpPort}`,
        dataDir: config.server.dataDir,
      },
      'glide listening',
    );
  } catch (err) {
    const inUse = portInUseMessage(err, config);
    if (inUse === undefined) log.fatal({ err }, 'server failed to start');
    else {
      // One line says it all; the shutdown that follows has nothing worth reading.
      process.stderr.write(`${inUse}\n`);
      log.level = 'error';
    }
    if (!isStopping) void stop('start failed', EXIT_FAILURE);
  }
  return done;
}

async function runBench(request: RunRequest): Promise<number> {
  // Loaded here so the server never pays for the load generator.
  const { runBenchCommand } = await import('./bench/index.js');
  return runBenchCommand(request.options, request.args);
}

/** Reads the whole of standard input (a piped password); one trailing newline is dropped. */
async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

async function runAdmin(request: RunRequest): Promise<number> {
  const config = loadFor(request);
  // Only problems are logged: the command's output is its result.
  const log = createLogger({ level: 'warn', isPretty: false });
  const [{ createStore }, admin] = await Promise.all([import('./store/index.js'), import('./admin/index.js')]);
  const store = await createStore({ url: config.store.url, dataDir: config.server.dataDir, log, clock: systemClock });
  const output = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
  const isJson = request.options['json'] === true;
  try {
    if (request.command === 'group') return await admin.runGroupCommand({ store, output, args: request.args, isJson });
    const { nickname, tokens } = request.options;
    const tokenDevice = Number(request.options['token-device'] ?? 2);
    if (!Number.isInteger(tokenDevice) || tokenDevice < 1 || tokenDevice > 255) {
      process.stderr.write('glide: --token-device expects an integer from 1 to 255\n');
      return EXIT_USAGE;
    }
    return await admin.runUserCommand({
      store,
      output,
      args: request.args,
      isJson,
      nickname: typeof nickname === 'string' ? nickname : undefined,
      readPassword: readStdin,
      tokensFile: typeof tokens === 'string' ? tokens : undefined,
      tokenDevice,
      signToken: async () => {
        const { loadOrCreateSecret } = await import('./auth/index.js');
        return admin.createTokenSigner({ secret: await loadOrCreateSecret({ configured: config.auth.secret, dataDir: config.server.dataDir, log }), ttlSec: config.auth.tokenTtlSec });
      },
    });
  } finally {
    await store.close();
  }
}

/** One runner per command in COMMANDS; the compiler insists every command has one. */
const RUNNERS: Record<CommandName, Runner> = {
  serve: runServe,
  bench: runBench,
  user: runAdmin,
  group: runAdmin,
};

async function main(argv: readonly string[]): Promise<number> {
  const request = parseCli(argv);
  switch (request.kind) {
    case 'help':
      process.stdout.write(request.text);
      return 0;
    case 'version':
      process.stdout.write(`${version()}\n`);
      return 0;
    case 'error':
      process.stderr.write(`glide: ${request.message}\n${request.hint}\n`);
      return EXIT_USAGE;
    case 'run':
      return RUNNERS[request.command](request);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (isGlideError(err) && err.code === 'CONFIG_INVALID') {
      process.stderr.write(`glide: ${err.message}\n\nRun "glide --help" for flags and configuration sources.\n`);
      process.exit(EXIT_USAGE);
    }
    process.stderr.write(`glide: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(EXIT_FAILURE);
  },
);
