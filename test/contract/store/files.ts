import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoredFile } from '../../../src/store/index.js';
import { nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

function aFile(h: StoreHandle, owner: number, content: string, overrides: Partial<StoredFile> = {}): StoredFile {
  return {
    id: randomBytes(16).toString('base64url'),
    owner,
    sha256: createHash('sha256').update(content + owner).digest('hex'),
    name: 'photo ✓ 写真.png',
    size: 5_000_000_000,
    type: 'image/png',
    width: 640,
    height: 480,
    hasThumbnail: true,
    createdAt: h.clock.now(),
    ...overrides,
  };
}

export function fileContract(h: StoreHandle): void {
  describe('files', () => {
    it('keeps a file record as written, sizes above 2^32 included', async () => {
      const file = aFile(h, nextUid(), 'a');
      await h.store.files.add(file);
      expect(await h.store.files.get(file.id)).toEqual(file);
      expect(await h.store.files.get('x'.repeat(22))).toBeUndefined();
    });

    it('finds the oldest upload of the same bytes', async () => {
      const owner = nextUid();
      const first = aFile(h, owner, 'b', { width: null, height: null, hasThumbnail: false, type: 'application/octet-stream' });
      await h.store.files.add(first);
      h.clock.advance(10);
      await h.store.files.add({ ...first, id: randomBytes(16).toString('base64url'), owner: nextUid(), createdAt: h.clock.now() });
      expect(await h.store.files.findByHash(first.sha256)).toEqual(first);
      expect(await h.store.files.findByHash('0'.repeat(64))).toBeUndefined();
    });

    it('sums the bytes each owner uploaded', async () => {
      const [owner, other] = [nextUid(), nextUid()];
      expect(await h.store.files.usedBytes(owner)).toBe(0);
      await h.store.files.add(aFile(h, owner, 'c', { size: 100 }));
      await h.store.files.add(aFile(h, owner, 'd', { size: 23 }));
      await h.store.files.add(aFile(h, other, 'e', { size: 1 }));
      expect(await h.store.files.usedBytes(owner)).toBe(123);
    });
  });
}
