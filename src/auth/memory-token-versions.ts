import type { TokenVersions } from './types.js';

/** TokenVersions in process memory: for tests and tools. Versions are lost on restart, so production uses the store. */
export class MemoryTokenVersions implements TokenVersions {
  private readonly versions = new Map<string, number>();

  get(uid: number, device: number): Promise<number> {
    return Promise.resolve(this.versions.get(`${uid}:${device}`) ?? 0);
  }

  bump(uid: number, device: number): Promise<number> {
    const key = `${uid}:${device}`;
    const next = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, next);
    return Promise.resolve(next);
  }

  devices(uid: number): Promise<number[]> {
    const prefix = `${uid}:`;
    const devices = [...this.versions.keys()].filter((key) => key.startsWith(prefix)).map((key) => Number(key.slice(prefix.length)));
    return Promise.resolve(devices.sort((a, b) => a - b));
  }
}
