/**
 * A private PostgreSQL 15 for one chaos run: its own data dir and port, trust auth, socket in its own
 * dir, so the machine's PostgreSQL is never touched. initdb refuses to run as root: as root every
 * command runs as the `postgres` user (runuser) on a temp dir that user owns.
 */
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, startOnFreePort } from './processes.js';

const BIN = '/usr/lib/postgresql/15/bin';

export class PrivatePostgres {
  private currentPort = 0;
  /** Set by the teardown: pg_ctl restart would start a stopped server again. */
  private isStopped = false;

  private constructor(
    private readonly dir: string,
    private readonly asPostgres: boolean,
  ) {}

  get port(): number {
    return this.currentPort;
  }

  /** Superuser URL of the `postgres` database (the run's only database). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.currentPort}/postgres`;
  }

  /** initdb and start; `register` gets the teardown before anything can leak. */
  static async start(register: (name: string, stop: () => Promise<void>) => void): Promise<PrivatePostgres> {
    const asPostgres = process.getuid?.() === 0;
    const dir = mkdtempSync(join(tmpdir(), 'glide-chaos-pg-'));
    const server = new PrivatePostgres(dir, asPostgres);
    register('postgres', async () => {
      // pg_ctl finds the server by its data dir: this also stops one left half-started.
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    if (asPostgres) {
      const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
      chownSync(dir, Number(uid.trim()), Number(gid.trim()));
    }
    await server.exec('initdb', ['-D', server.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    return startOnFreePort(async (port) => {
      server.currentPort = port;
      await server.startServer();
      return server;
    });
  }

  /** `pg_ctl restart -m fast`: every session is cut, then the same server comes back on the same port. */
  async restart(): Promise<void> {
    if (this.isStopped) throw new Error('PostgreSQL was stopped');
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'restart']);
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private async startServer(): Promise<void> {
    // fsync off: the faults here are process-level (a clean fast shutdown), only an OS crash would need it.
    const options = `-p ${this.currentPort} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.exec('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start']);
  }

  private async stop(): Promise<void> {
    this.isStopped = true;
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
  }

  private exec(tool: string, args: readonly string[]): Promise<string> {
    const command = `${BIN}/${tool}`;
    return this.asPostgres ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  }
}
