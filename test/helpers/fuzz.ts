import fc from 'fast-check';

/**
 * Shared knobs and generators of the fuzz suites. The normal suite runs each property a bounded
 * number of times with a fixed seed; `npm run fuzz` sets FUZZ_RUNS (and may set FUZZ_SEED) to go long.
 */

/** The run count FUZZ_RUNS is expressed against: FUZZ_RUNS=20000 runs every property 100 times as often. */
const BASE_RUNS = 200;
const DEFAULT_SEED = 424_242;

export const FUZZ_SEED = envNumber('FUZZ_SEED') ?? DEFAULT_SEED;

function envNumber(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

/** Runs for a property whose normal-suite budget is `defaultRuns`, scaled by FUZZ_RUNS when set. */
export function fuzzRuns(defaultRuns: number): number {
  const runs = envNumber('FUZZ_RUNS');
  return runs === undefined ? defaultRuns : Math.max(1, Math.ceil((runs * defaultRuns) / BASE_RUNS));
}

/** fast-check options: fixed seed (offset per property so they do not share a stream), bounded runs. */
export function fcOptions(defaultRuns: number, seedOffset = 0): { seed: number; numRuns: number; endOnFailure: boolean } {
  return { seed: FUZZ_SEED + seedOffset, numRuns: fuzzRuns(defaultRuns), endOnFailure: true };
}

/** A vitest timeout that grows with the run count (the normal suite keeps vitest's own). */
export function fuzzTimeoutMs(defaultRuns: number, msPerRun: number): number {
  return Math.max(20_000, fuzzRuns(defaultRuns) * msPerRun * 4);
}

export const HUGE_NUMBERS: readonly number[] = [
  1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 2 ** 31, 2 ** 31 - 1, 2 ** 32, 2 ** 63, 2 ** 64,
  -1, -(2 ** 31), 0, 0.5, -0.5, 1e-300, 1.5e10, 123456789.123,
];

export const TRICKY_STRINGS: readonly string[] = [
  '', ' ', '0', '-1', '1e3', '0x10', '１２', ' 1', '1 ', '+1', '1.0', 'NaN', 'Infinity', 'null', 'true', '[]', '{}', '\u0000', '\ud800', '\uffff',
  '9'.repeat(16), '9'.repeat(17), '2147483648', '4294967296', '__proto__', 'constructor', 'prototype', '<script>alert(1)</script>',
  "' OR 1=1 --", '%00', '../../etc/passwd', 'Bearer x', 'a'.repeat(129),
];

/** Every request field name some route reads, for bodies that get past the first checks. */
export const ROUTE_FIELDS: readonly string[] = [
  'Uid', 'Gid', 'To', 'Mid', 'Seq', 'Name', 'Member', 'Remark', 'Agree', 'Comment', 'Account', 'Password', 'Device', 'Email', 'Nickname',
  'Avatar', 'Captcha', 'Mode', 'Token', 'Count', 'BeforeMid', 'Limit', 'After', 'FromSeq', 'ToSeq', 'BeforeSeq', 'Type', 'Mute', 'relative_ids',
];

/** Every payload field name a socket action reads, in the spellings clients use. */
export const PAYLOAD_FIELDS: readonly string[] = [
  'cliMid', 'mid', 'Mid', 'seq', 'CSeq', 'from', 'From', 'to', 'To', 'type', 'Type', 'content', 'Content', 'sendAt', 'CTime', 'status', 'gid',
  'credential', 'version', 'Token', 'Device', 'recallBy',
];

export const PROTO_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** A value nested `depth` levels deep, alternating arrays and objects. */
export function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** JSON text of nested(depth) built without recursion, for depths JSON.stringify cannot reach. */
export function nestedText(depth: number, leaf = '1'): string {
  let open = '';
  let close = '';
  for (let i = depth - 1; i >= 0; i--) {
    open += i % 2 === 0 ? '[' : '{"a":';
    close = (i % 2 === 0 ? ']' : '}') + close;
  }
  return open + leaf + close;
}

/** Ids that hit real rows more often than random integers would, in both wire forms. */
export function idValue(ids: readonly number[]): fc.Arbitrary<unknown> {
  const known = ids.length > 0 ? ids : [1];
  return fc.oneof(fc.constantFrom(...known), fc.constantFrom(...known).map(String), fc.integer({ min: -3, max: 12 }), fc.constantFrom(...known).map((id) => [id]));
}

/**
 * Junk for a field or a whole body: ordinary JSON, wrong types, huge strings and numbers, deep nesting,
 * tricky strings and ids of real rows.
 */
export function junkValue(ids: readonly number[] = []): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 3, arbitrary: idValue(ids) },
    { weight: 2, arbitrary: fc.constantFrom(...HUGE_NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: fc.integer({ min: 10, max: 2_000 }).map((depth) => nested(depth)) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...ids, 0, -1, 'x'), { maxLength: 600 }) },
  );
}

/** A key a lenient reader may match, or one that should be ignored or is dangerous. */
export function fieldKey(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.constantFrom(...known).map((key) => (key.length % 2 === 0 ? key.toLowerCase() : key.toUpperCase())) },
    { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
}

/**
 * JSON text of an object built from entries, so `__proto__` stays a plain key and duplicate keys
 * survive (JSON.stringify of an object literal could do neither).
 */
export function objectText(entries: readonly (readonly [string, unknown])[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

/** JSON text of an object with junk under known, cased, dangerous and random keys. */
export function junkObjectText(known: readonly string[], ids: readonly number[], required: readonly string[] = []): fc.Arbitrary<string> {
  const entry = fc.tuple(fieldKey(known), junkValue(ids));
  const requiredEntries = fc.tuple(...required.map((key) => fc.tuple(fc.constant(key), junkValue(ids))));
  return fc.oneof(
    fc.array(entry, { maxLength: 6 }).map(objectText),
    fc.tuple(requiredEntries, fc.array(entry, { maxLength: 3 })).map(([own, extra]) => objectText([...own, ...extra])),
  );
}

const ID_KEYS = new Set(['uid', 'gid', 'to', 'from', 'member', 'relative_ids', 'mid', 'recallby']);
const INT_KEYS = new Set(['count', 'limit', 'after', 'fromseq', 'toseq', 'beforeseq', 'beforemid', 'type', 'device', 'seq', 'cseq', 'version', 'sendat', 'ctime', 'status']);
const BOOL_KEYS = new Set(['agree', 'mute']);

/** A value of the type a field of this name usually has (ids of real rows, small ints, short strings): gets past validation. */
export function plausibleValue(key: string, ids: readonly number[]): fc.Arbitrary<unknown> {
  const name = key.toLowerCase();
  if (ID_KEYS.has(name)) return idValue(ids);
  if (INT_KEYS.has(name)) return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -1, max: 50 }) }, { weight: 1, arbitrary: fc.constantFrom(...HUGE_NUMBERS) });
  if (BOOL_KEYS.has(name)) return fc.boolean();
  const recall = fc.constantFrom(...ids, 1).map((mid) => JSON.stringify({ mid, recallBy: ids[0] ?? 1 }));
  return fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 24 }) }, { weight: 1, arbitrary: fc.constantFrom(...TRICKY_STRINGS) }, { weight: 1, arbitrary: recall });
}

/** JSON text of an object with the required fields and some known ones, mostly plausibly typed, sometimes one junk value. */
export function plausibleObjectText(known: readonly string[], ids: readonly number[], required: readonly string[] = []): fc.Arbitrary<string> {
  const field = (key: string) => fc.tuple(fc.constant(key), fc.oneof({ weight: 5, arbitrary: plausibleValue(key, ids) }, { weight: 1, arbitrary: junkValue(ids) }));
  const own = fc.tuple(...required.map(field));
  const extra = fc.uniqueArray(fc.constantFrom(...known), { maxLength: 4 }).chain((keys) => fc.tuple(...keys.map(field)));
  return fc.tuple(own, extra).map(([a, b]) => objectText([...a, ...b]));
}

/** A body for a request or a payload: mostly objects, sometimes any other JSON or not JSON at all. */
export function junkBodyText(known: readonly string[], ids: readonly number[], required: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: plausibleObjectText(known, ids, required) },
    { weight: 6, arbitrary: junkObjectText(known, ids, required) },
    { weight: 2, arbitrary: junkValue(ids).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
}
