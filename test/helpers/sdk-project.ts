import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** The environment for a child npm: none of the npm_* variables of the `npm test` that runs us (they name this repo). */
export function cleanNpmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

export async function npm(args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run('npm', [...args], { cwd, env: cleanNpmEnv(), maxBuffer: 16 * 1024 * 1024 });
}

/** Builds the SDK package (packages/client) and packs it into `dir`; returns the tarball's file name. */
export async function packSdk(dir: string): Promise<string> {
  await npm(['run', 'build:sdk'], REPO_ROOT);
  const { stdout } = await npm(['pack', './packages/client', '--pack-destination', dir, '--json'], REPO_ROOT);
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no file: ${stdout}`);
  return packed.filename;
}

/** Where node would find `name` from the package installed at `from` (a lock path such as node_modules/a). */
function resolveIn(lock: Record<string, LockEntry>, from: string, name: string): string {
  for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (base === '') throw new Error(`${name} (needed by ${from || 'the project'}) is not in the repository's lock file`);
  }
}

/**
 * An empty project that depends on the packed SDK and on `extra` packages, with a lock file built from
 * this repository's: the versions and integrity npm ci already fetched, so `npm ci --offline` installs it
 * from the npm cache without asking the registry.
 */
export function writeSdkProject(dir: string, tarball: string, extra: readonly string[]): void {
  const rootLock = (JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const sdkManifest = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/client/package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; engines: Record<string, string>; license: string };
  const packages: Record<string, LockEntry> = {};
  const visit = (from: string, name: string): string => {
    const path = resolveIn(rootLock, from, name);
    if (packages[path]) return path;
    const entry = rootLock[path] as LockEntry;
    packages[path] = { version: entry.version, resolved: entry.resolved, integrity: entry.integrity, ...(entry.dependencies ? { dependencies: entry.dependencies } : {}) };
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep);
    return path;
  };
  for (const dep of Object.keys(sdkManifest.dependencies)) visit('', dep);
  const extraVersions = Object.fromEntries(extra.map((name) => [name, (rootLock[visit('', name)] as LockEntry).version]));

  const integrity = `sha512-${createHash('sha512').update(readFileSync(join(dir, tarball))).digest('base64')}`;
  const dependencies = { [sdkManifest.name]: `file:${tarball}`, ...extraVersions };
  const manifest = { name: 'sdk-example', version: '1.0.0', private: true, type: 'module', dependencies };
  packages[`node_modules/${sdkManifest.name}`] = {
    version: sdkManifest.version,
    resolved: `file:${tarball}`,
    integrity,
    license: sdkManifest.license,
    dependencies: sdkManifest.dependencies,
    engines: sdkManifest.engines,
  };
  const lock = { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: { '': { name: manifest.name, version: manifest.version, dependencies }, ...packages } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
}
