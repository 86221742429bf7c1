import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ScratchDiskOptions {
  /** Size of the ext4 image (default 64 MiB). */
  sizeMb?: number;
  /** ext4 `commit=` seconds: how soon metadata reaches the journal on its own (default 5, ext4's). */
  commitSec?: number;
}

/**
 * An ext4 file system on a loop device, mounted in a private mount namespace (`unshare -m`), so nothing
 * outside the test sees it and a crashed test leaves no mount behind. Processes started with
 * `wrap(command)` run inside the namespace and see the disk at `dataDir`.
 *
 * `powerCut()` simulates a power loss: the image is copied as it is on the "device" (what ext4 has
 * written out: fsync'ed data and whatever writeback happened to flush), which drops every write still
 * in the page cache, then that copy is mounted in place of the old one (journal replay included).
 * Needs root, unshare, nsenter, mount with loop devices and mkfs.ext4.
 */
export class ScratchDisk {
  private generation = 0;

  private constructor(
    private readonly root: string,
    private readonly holder: ChildProcess,
    private readonly holderPid: number,
    private readonly commitSec: number,
  ) {}

  /** Where the server keeps its data, as seen inside the namespace. */
  get dataDir(): string {
    return join(this.mountPoint, 'data');
  }

  /** The same directory as the test process (outside the namespace) reaches it. */
  get outsidePath(): string {
    return `/proc/${this.holderPid}/root${this.dataDir}`;
  }

  private get mountPoint(): string {
    return join(this.root, 'mnt');
  }

  private image(generation = this.generation): string {
    return join(this.root, `disk-${generation}.img`);
  }

  static async create(options: ScratchDiskOptions = {}): Promise<ScratchDisk> {
    const root = await mkdtemp(join(tmpdir(), 'glide-disk-'));
    let holder: ChildProcess | undefined;
    try {
      await mkdir(join(root, 'mnt'));
      const image = join(root, 'disk-0.img');
      await run('truncate', ['-s', `${options.sizeMb ?? 64}M`, image]);
      await run('mkfs.ext4', ['-q', '-F', '-m', '0', '-E', 'nodiscard', image]);
      // The namespace lives as long as `cat` reads our pipe: if this process dies, the mount goes too.
      holder = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'echo ready; exec cat'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const pid = await readyPid(holder);
      const disk = new ScratchDisk(root, holder, pid, options.commitSec ?? 5);
      await disk.mount();
      await disk.inside('mkdir', '-p', disk.dataDir);
      return disk;
    } catch (err) {
      holder?.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
      throw err;
    }
  }

  /** `command` as it must be spawned to run inside the namespace (in the directory it is spawned in). */
  wrap(command: readonly string[]): string[] {
    return ['nsenter', '-t', String(this.holderPid), '-m', '--wd=.', '--', ...command];
  }

  /** Runs a command inside the namespace; resolves with its stdout. */
  async inside(...command: string[]): Promise<string> {
    const [file, ...args] = this.wrap(command);
    const { stdout } = await run(file!, args);
    return stdout;
  }

  /**
   * Power loss: every write not yet flushed to the device is gone. Stop (SIGKILL) every process using
   * the disk first; afterwards `dataDir` holds what survived.
   */
  async powerCut(): Promise<void> {
    const before = this.image();
    this.generation += 1;
    await copyFile(before, this.image());
    // The old file system flushes on unmount, into an image nobody reads again.
    await this.inside('umount', this.mountPoint);
    await this.mount();
    await rm(before, { force: true });
  }

  /** Makes a file or directory on the disk read-only (a read-only bind mount over it; root cannot write either). */
  async makeReadOnly(path: string): Promise<void> {
    await this.inside('mount', '--bind', path, path);
    await this.inside('mount', '-o', 'remount,bind,ro', path);
  }

  /** Fills the disk to the last block: every write that needs space fails with ENOSPC. */
  async fill(): Promise<void> {
    // dd stops (and fails) at ENOSPC, which is the point.
    await this.inside('sh', '-c', `dd if=/dev/zero of=${this.filler} bs=64k 2>/dev/null; sync -f ${this.filler}; true`);
  }

  /** Frees what fill() took. */
  async free(): Promise<void> {
    await this.inside('rm', '-f', this.filler);
  }

  private get filler(): string {
    return join(this.mountPoint, 'filler');
  }

  async close(): Promise<void> {
    this.holder.stdin?.end();
    if (this.holder.exitCode === null) await new Promise((resolve) => this.holder.once('exit', resolve));
    await rm(this.root, { recursive: true, force: true });
  }

  private async mount(): Promise<void> {
    await this.inside('mount', '-t', 'ext4', '-o', `loop,commit=${this.commitSec}`, this.image(), this.mountPoint);
    // Never mount on the host by mistake (a namespace that was not created).
    const mine = await readFile('/proc/self/mountinfo', 'utf8');
    if (mine.includes(` ${this.mountPoint} `)) throw new Error(`${this.mountPoint} is mounted outside the private namespace`);
  }
}

async function readyPid(holder: ChildProcess): Promise<number> {
  let stderr = '';
  holder.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.setEncoding('utf8').once('data', () => resolve());
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`unshare -m exited with ${code}: ${stderr.trim()}`)));
  });
  if (holder.pid === undefined) throw new Error('unshare did not start');
  return holder.pid;
}

/**
 * A scratch disk, or `undefined` after a loud notice when this machine cannot make one (not root, no
 * loop devices, no unshare). With CI=true that is an error instead: CI must never skip quietly.
 */
export async function requireScratchDisk(options: ScratchDiskOptions = {}): Promise<ScratchDisk | undefined> {
  try {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) throw new Error('needs root on Linux');
    return await ScratchDisk.create(options);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (process.env.CI === 'true') throw new Error(`the storage-fault tests need a scratch disk in CI: ${reason}`, { cause: err });
    const line = '!'.repeat(78);
    console.warn(`\n${line}\n!! SKIPPING storage-fault tests: cannot make a loop-device disk in a mount namespace (${reason})\n!! Run as root with unshare, nsenter, mkfs.ext4 and loop devices; CI=true turns this into a failure.\n${line}\n`);
    return undefined;
  }
}
