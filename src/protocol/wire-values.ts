/**
 * Checks for single wire values, shared by the envelope and payload readers. Each returns the value
 * or a short complaint (no throw) so the caller can name the field or decide to drop it.
 */

export type Checked<T> = { ok: true; value: T | undefined } | { ok: false; problem: string };

const DECIMAL_ID = /^[0-9]{1,16}$/;

/** The answer for an absent value, shared: every frame reads many absent fields (never mutated). */
const ABSENT: Checked<never> = Object.freeze({ ok: true, value: undefined });

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

function integerProblem(n: number): string | undefined {
  if (!Number.isInteger(n)) return 'must be an integer';
  if (!Number.isSafeInteger(n)) return 'must be a safe integer';
  if (n < 0) return 'must not be negative';
  return undefined;
}

/**
 * An id (uid, gid, mid): a non-negative safe integer, as a number or a decimal string (G2 writes strings).
 * 0, "" and null mean absent: the Java SDK writes 0 for an unset long.
 */
export function checkId(raw: unknown): Checked<number> {
  if (raw === undefined || raw === null || raw === '' || raw === 0) return ABSENT;
  if (typeof raw === 'number') {
    const problem = integerProblem(raw);
    return problem ? fail(problem) : { ok: true, value: raw };
  }
  if (typeof raw === 'string') {
    if (!DECIMAL_ID.test(raw)) return fail('must be a decimal id');
    const n = Number(raw);
    if (!Number.isSafeInteger(n)) return fail('must be a safe integer');
    return n === 0 ? ABSENT : { ok: true, value: n };
  }
  return fail('must be an integer id');
}

/** A plain non-negative integer (type, seq, time): numbers only. null means absent. */
export function checkInt(raw: unknown): Checked<number> {
  if (raw === undefined || raw === null) return ABSENT;
  if (typeof raw !== 'number') return fail('must be an integer');
  const problem = integerProblem(raw);
  return problem ? fail(problem) : { ok: true, value: raw };
}

/** An integer that may be negative (a sender-chosen envelope seq). */
export function checkSignedInt(raw: unknown): Checked<number> {
  if (raw === undefined || raw === null) return ABSENT;
  if (typeof raw !== 'number') return fail('must be an integer');
  if (!Number.isSafeInteger(raw)) return fail(Number.isInteger(raw) ? 'must be a safe integer' : 'must be an integer');
  return { ok: true, value: raw };
}

export function checkString(raw: unknown, maxLength: number): Checked<string> {
  if (raw === undefined || raw === null) return ABSENT;
  if (typeof raw !== 'string') return fail('must be a string');
  if (raw.length > maxLength) return fail(`must be at most ${maxLength} characters`);
  return { ok: true, value: raw };
}

export function checkBool(raw: unknown): Checked<boolean> {
  if (raw === undefined || raw === null) return ABSENT;
  if (typeof raw !== 'boolean') return fail('must be a boolean');
  return { ok: true, value: raw };
}

/** True for a plain JSON-like object (not null, not an array, not bytes). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** A seq stamped into an outgoing frame: a bug upstream, not bad input, when it is not a safe integer. */
export function checkedSeq(seq: number): number {
  if (!Number.isSafeInteger(seq)) throw new Error(`seq must be a safe integer, got ${seq}`);
  return seq;
}
