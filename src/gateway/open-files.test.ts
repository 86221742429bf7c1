import { describe, expect, it } from 'vitest';
import { connectionsWithinFiles, openFilesLimit, RESERVED_FILES } from './open-files.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             95715                95715                processes
Max open files            20000                20000                files
Max locked memory         8388608              8388608              bytes
`;

describe('open files', () => {
  it('reads the soft limit of this process', () => {
    expect(openFilesLimit(() => LIMITS)).toBe(20_000);
    expect(openFilesLimit(() => 'Max open files            unlimited            unlimited            files')).toBeUndefined();
    expect(openFilesLimit(() => { throw new Error('ENOENT'); })).toBeUndefined();
    // The real file, where there is one (Linux CI).
    const own = openFilesLimit();
    if (own !== undefined) expect(own).toBeGreaterThan(0);
  });

  it('keeps maxConnections under the limit, leaving room for the node’s own files', () => {
    expect(connectionsWithinFiles(100_000, 20_000)).toBe(20_000 - RESERVED_FILES);
    expect(connectionsWithinFiles(5_000, 20_000)).toBe(5_000);
    expect(connectionsWithinFiles(100_000, undefined)).toBe(100_000);
    expect(connectionsWithinFiles(100_000, 100)).toBe(1);
  });
});
