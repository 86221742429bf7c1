import { describe, expect, it } from 'vitest';
import { COMMANDS, loadConfig, parseCli, type CliRequest } from './index.js';

function run(argv: string[]): Extract<CliRequest, { kind: 'run' }> {
  const request = parseCli(argv);
  if (request.kind !== 'run') throw new Error(`expected run, got ${JSON.stringify(request)}`);
  return request;
}

function error(argv: string[]): string {
  const request = parseCli(argv);
  if (request.kind !== 'error') throw new Error(`expected error, got ${request.kind}`);
  expect(request.hint).toMatch(/^Run "glide (\w+ )?--help" for usage\.$/);
  return request.message;
}

describe('parseCli', () => {
  it('maps serve flags to their config keys, serve being the default command', () => {
    const request = run(['--port', '0', '--tcp-port', '0', '--data', '/tmp/x']);
    expect(request.command).toBe('serve');
    expect(request.overrides).toEqual({ server: { port: 0, tcpPort: 0, dataDir: '/tmp/x' } });
    expect(request.configFile).toBeUndefined();
  });

  it('maps the remaining flags and --config', () => {
    const request = run(['serve', '--host', '::1', '--db', 'sqlite:x.db', '--public-url', 'wss://im.example/ws', '--log-level=debug', '--config', 'etc/glide.toml']);
    expect(request.overrides).toEqual({
      server: { host: '::1', publicWsUrl: 'wss://im.example/ws' },
      store: { url: 'sqlite:x.db' },
      log: { level: 'debug' },
    });
    expect(request.configFile).toBe('etc/glide.toml');
  });

  it('accepts a negative number as a flag value', () => {
    expect(run(['--tcp-port', '-1']).overrides).toEqual({ server: { tcpPort: -1 } });
  });

  it('feeds loadConfig directly', () => {
    const config = loadConfig({ cwd: '/srv', env: {}, overrides: run(['--port', '0', '--data', 'd']).overrides });
    expect(config.server.port).toBe(0);
    expect(config.server.dataDir).toBe('/srv/d');
  });

  it('lists every flag of every command in --help', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['serve', '--help'], ['help', 'serve']]) {
      const request = parseCli(argv);
      expect(request.kind).toBe('help');
      if (request.kind !== 'help') continue;
      for (const flag of COMMANDS.serve.flags) expect(request.text).toContain(`--${flag.name}`);
      expect(request.text).toContain('--version');
      expect(request.text).toContain('GLIDE_<SECTION>_<KEY>');
    }
    const general = parseCli(['--help']);
    expect(general.kind === 'help' && general.text).toContain('Commands:');
  });

  it('answers --version', () => {
    expect(parseCli(['--version']).kind).toBe('version');
  });

  it('rejects an unknown flag, suggesting the closest one', () => {
    expect(error(['--prot', '8080'])).toBe('unknown flag --prot, did you mean --port?');
    expect(error(['serve', '-x'])).toBe('unknown flag -x');
  });

  it('rejects an unknown command', () => {
    expect(error(['srve'])).toBe('unknown command "srve", did you mean serve?');
    expect(error(['help', 'nope'])).toContain('unknown command "nope"');
  });

  it('rejects flag values of the wrong type and missing values', () => {
    expect(error(['--port', 'abc', '--tcp-port', '1.5'])).toBe('--port expects an integer, got "abc"; --tcp-port expects an integer, got "1.5"');
    expect(error(['--port'])).toBe('flag --port needs a value');
    expect(error(['--help=yes'])).toBe('flag --help takes no value');
  });

  it('rejects stray arguments', () => {
    expect(error(['serve', 'now'])).toBe('unexpected argument "now"');
  });
});
