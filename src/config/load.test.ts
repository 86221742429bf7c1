import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isGlideError } from '../core/index.js';
import { CONFIG_LEAVES, DEFAULTS, envNameOf, loadConfig, natsServers, type LoadConfigOptions } from './index.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'glide-config-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function load(options: Partial<LoadConfigOptions> = {}) {
  return loadConfig({ cwd, env: {}, ...options });
}

/** The CONFIG_INVALID message of a load that must fail. */
function failure(options: Partial<LoadConfigOptions>): string {
  try {
    load(options);
  } catch (err) {
    if (isGlideError(err) && err.code === 'CONFIG_INVALID') return err.message;
    throw err;
  }
  throw new Error('expected CONFIG_INVALID');
}

function writeToml(text: string, name = 'glide.toml'): string {
  const path = join(cwd, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('runs on defaults alone, with dataDir made absolute against cwd', () => {
    const config = load();
    expect(config.server.port).toBe(DEFAULTS.server.port);
    expect(config.gateway).toEqual(DEFAULTS.gateway);
    expect(config.server.dataDir).toBe(join(cwd, 'data'));
  });

  it('layers defaults < glide.toml < env < overrides', () => {
    writeToml(['[server]', 'port = 1000', 'tcpPort = 1001', 'host = "file-host"', '[gateway]', 'maxQueueBytes = 1234'].join('\n'));
    const config = load({
      env: { GLIDE_SERVER_TCP_PORT: '2001', GLIDE_SERVER_HOST: 'env-host' },
      overrides: { server: { host: 'flag-host', publicWsUrl: undefined } },
    });
    expect(config.server.port).toBe(1000);
    expect(config.server.tcpPort).toBe(2001);
    expect(config.server.host).toBe('flag-host');
    expect(config.gateway.maxQueueBytes).toBe(1234);
    expect(config.gateway.maxFrameBytes).toBe(DEFAULTS.gateway.maxFrameBytes);
    expect(config.server.publicWsUrl).toBe('');
  });

  it('reads an explicit config file relative to cwd instead of glide.toml', () => {
    writeToml('[server]\nport = 1000\n');
    mkdirSync(join(cwd, 'etc'));
    writeToml('[server]\nport = 3000\n', 'etc/other.toml');
    expect(load({ configFile: 'etc/other.toml' }).server.port).toBe(3000);
  });

  it('rejects an explicitly given file that does not exist', () => {
    expect(failure({ configFile: 'missing.toml' })).toContain(`${join(cwd, 'missing.toml')}: config file not found`);
  });

  it('reports a TOML syntax error with the file and line', () => {
    const path = writeToml('[server]\nport = = 1\n');
    expect(failure({})).toMatch(new RegExp(`${path}: invalid TOML at line 2`));
  });

  it('converts env text to the schema types: integers, lists, enums', () => {
    const config = load({
      env: {
        GLIDE_GATEWAY_MAX_QUEUE_BYTES: ' 8388608 ',
        GLIDE_AUTH_TRUSTED_ADDRESSES: '10.0.0.1, 10.0.0.2,,',
        GLIDE_LOG_LEVEL: 'debug',
        GLIDE_SERVER_TCP_PORT: '-1',
      },
    });
    expect(config.gateway.maxQueueBytes).toBe(8 * 1024 * 1024);
    expect(config.auth.trustedAddresses).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(config.log.level).toBe('debug');
    expect(config.server.tcpPort).toBe(-1);
  });

  it('reads an empty env list as an empty array', () => {
    expect(load({ env: { GLIDE_AUTH_TRUSTED_ADDRESSES: '' } }).auth.trustedAddresses).toEqual([]);
  });

  it('ignores variables outside the GLIDE_ prefix', () => {
    expect(() => load({ env: { PATH: '/bin', glide_server_port: 'x', NODE_ENV: 'test' } })).not.toThrow();
  });

  it('reports every error at once, each with its path and source', () => {
    writeToml('[log]\nlevel = "loud"\n');
    const message = failure({ env: { GLIDE_SERVER_PORT: '70000', GLIDE_GATEWAY_MAX_FRAME_BYTES: 'big' } });
    expect(message).toContain('3 problems');
    expect(message).toMatch(/server\.port: must be <= 65535 \(got 70000\) \[from GLIDE_SERVER_PORT\]/);
    expect(message).toMatch(/gateway\.maxFrameBytes: must be integer \(got "big"\) \[from GLIDE_GATEWAY_MAX_FRAME_BYTES\]/);
    expect(message).toMatch(/log\.level: must be one of trace, debug, info, warn, error, fatal, silent .*glide\.toml\]/);
  });

  it('rejects unknown keys in the file, suggesting the closest one', () => {
    writeToml('[server]\nprot = 1\n[gateway]\nmax_frame_bytes = 10\n[servre]\nport = 1\n');
    const message = failure({});
    expect(message).toContain('server.prot: unknown key, did you mean server.port?');
    expect(message).toContain('gateway.max_frame_bytes: unknown key, did you mean gateway.maxFrameBytes?');
    expect(message).toContain('servre: unknown key, did you mean server?');
  });

  it('rejects a section that is not a table', () => {
    writeToml('server = 5\n');
    expect(failure({ env: { GLIDE_SERVER_PORT: '1' } })).toMatch(/server: must be a table of settings/);
  });

  it('rejects unknown GLIDE_ variables, suggesting the closest one', () => {
    const message = failure({ env: { GLIDE_SERVER_PROT: '1', GLIDE_NOPE: 'x' } });
    expect(message).toContain('GLIDE_SERVER_PROT: unknown environment variable, did you mean GLIDE_SERVER_PORT?');
    expect(message).toContain('GLIDE_NOPE: unknown environment variable');
  });

  it('reports bad list items by index', () => {
    expect(failure({ overrides: { auth: { trustedAddresses: ['ok', 7 as unknown as string] } } })).toContain('auth.trustedAddresses[1]: must be string');
  });

  it('never echoes secret or URL values in errors', () => {
    const message = failure({ env: { GLIDE_STORE_URL: 'redis://user:hunter2@db', GLIDE_AUTH_SECRET: '42' }, overrides: { auth: { secret: 42 as unknown as string } } });
    expect(message).toContain('store.url: must be empty, sqlite:<file>, postgres://… or mysql://…');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('42');
  });

  it('syncs SQLite fully unless store.sqliteSync says otherwise, and knows only full, normal and off', () => {
    expect(load().store.sqliteSync).toBe('full');
    expect(load({ env: { GLIDE_STORE_SQLITE_SYNC: 'normal' } }).store.sqliteSync).toBe('normal');
    expect(failure({ env: { GLIDE_STORE_SQLITE_SYNC: 'extra' } })).toContain('store.sqliteSync: must be one of full, normal, off');
  });

  it('keeps an absolute dataDir and resolves a relative sqlite file against cwd', () => {
    const config = load({ overrides: { server: { dataDir: '/var/lib/glide' }, store: { url: 'sqlite:db/chat.db' } } });
    expect(config.server.dataDir).toBe('/var/lib/glide');
    expect(config.store.url).toBe(`sqlite:${join(cwd, 'db/chat.db')}`);
    expect(load({ overrides: { store: { url: 'postgres://u@h/db' } } }).store.url).toBe('postgres://u@h/db');
  });

  it('returns a deep-frozen object and leaves the caller objects alone', () => {
    const trustedAddresses = ['10.0.0.1'];
    const config = load({ overrides: { auth: { trustedAddresses } } });
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config as { log: unknown }).log = {};
    }).toThrow(TypeError);
    expect(() => config.auth.trustedAddresses.push('x')).toThrow(TypeError);
    trustedAddresses.push('10.0.0.2');
    expect(config.auth.trustedAddresses).toEqual(['10.0.0.1']);
    expect(Object.isFrozen(trustedAddresses)).toBe(false);
  });
});

describe('env names', () => {
  it('are GLIDE_<SECTION>_<KEY> in upper snake case', () => {
    expect(envNameOf(['server', 'tcpPort'])).toBe('GLIDE_SERVER_TCP_PORT');
    expect(envNameOf(['gateway', 'maxQueueBytes'])).toBe('GLIDE_GATEWAY_MAX_QUEUE_BYTES');
    expect(envNameOf(['server', 'publicWsUrl'])).toBe('GLIDE_SERVER_PUBLIC_WS_URL');
  });

  it('exist for every key of the schema and are unique', () => {
    const names = CONFIG_LEAVES.map((leaf) => leaf.envName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('GLIDE_AUTH_TRUSTED_ADDRESSES');
    expect(CONFIG_LEAVES.map((leaf) => leaf.key)).toContain('messaging.historyPageMax');
  });

  it('takes the cluster commit floor from the environment (a sweep needs no build)', () => {
    expect(load({ env: { GLIDE_CLUSTER_CHAT_GATHER_MS: '40' } }).cluster.chatGatherMs).toBe(40);
    expect(DEFAULTS.cluster.chatGatherMs).toBe(60);
  });

  describe('cluster.nats', () => {
    it('takes one URL, a comma-separated list (env) or a list (file)', () => {
      expect(natsServers(load({ env: { GLIDE_CLUSTER_NATS: 'nats://10.0.0.1:4222' } }).cluster.nats)).toEqual(['nats://10.0.0.1:4222']);
      const fromEnv = load({ env: { GLIDE_CLUSTER_NATS: 'nats://a:4222, nats://b:4222,nats://c:4222' } });
      expect(natsServers(fromEnv.cluster.nats)).toEqual(['nats://a:4222', 'nats://b:4222', 'nats://c:4222']);
      writeToml(['[cluster]', 'nats = ["nats://a:4222", "tls://b:4222"]', 'kvReplicas = 3'].join('\n'));
      const fromFile = load();
      expect(natsServers(fromFile.cluster.nats)).toEqual(['nats://a:4222', 'tls://b:4222']);
      expect(fromFile.cluster.kvReplicas).toBe(3);
      expect(natsServers(DEFAULTS.cluster.nats)).toEqual([]);
    });

    it('names the bad server by position without echoing URLs, which may hold passwords', () => {
      const message = failure({ env: { GLIDE_CLUSTER_NATS: 'nats://u:secret@a:4222,http://b:4222' } });
      expect(message).toContain('cluster.nats: server 2 of 2 must be a nats:// or tls:// URL');
      expect(message).not.toContain('secret');
      writeToml(['[cluster]', 'nats = 4222'].join('\n'));
      expect(failure({})).toContain('cluster.nats: must be a string or a list of strings');
    });
  });
});
