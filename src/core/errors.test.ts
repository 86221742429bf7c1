import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, GlideError, stacklessError } from './errors.js';

const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Set([...docs.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));

describe('error catalog', () => {
  it('documents every code in docs/errors.md, and nothing else', () => {
    const codes = Object.keys(ERROR_CATALOG);
    expect(codes.filter((code) => !documented.has(code))).toEqual([]);
    expect([...documented].filter((code) => !codes.includes(code!))).toEqual([]);
  });

  it('prefixes every code with its area', () => {
    for (const code of Object.keys(ERROR_CATALOG)) expect(code).toMatch(/^(CONFIG|PROTO|GW|AUTH|API|STORE|MSG|GROUP|CONTACT|USER|CLUSTER|PUSH|FILE)_[A-Z0-9_]+$/);
  });

  it('carries the catalog status, retryability and the detail', () => {
    const err = new GlideError('STORE_UNAVAILABLE', 'connection refused');
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503, retryable: true });
    expect(err.message).toBe('database unavailable: connection refused');
  });

  it('makes errors without a captured stack for timers and replies, and restores the stack limit', () => {
    const limit = Error.stackTraceLimit;
    const err = stacklessError('CLUSTER_TIMEOUT', 'owner.call on node 2 after 3000 ms');
    expect(err).toBeInstanceOf(GlideError);
    expect(err).toMatchObject({ code: 'CLUSTER_TIMEOUT', retryable: true, message: 'the other node did not answer in time: owner.call on node 2 after 3000 ms' });
    expect(err.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new GlideError('CLUSTER_TIMEOUT').stack).toMatch(/\n\s+at /);
  });
});
