import type { Clock } from '../../core/index.js';
import type { StoreEngine, WriteCheck } from '../types.js';
import { errorCode, errorMessage } from './dialects/sql-dialect.js';

/**
 * Driver error codes that mean "this database cannot store anything now": no space, a read-only file or
 * server, an I/O error. A constraint violation or a lost connection is not one (those have their own
 * STORE_* codes and the health ping).
 */
const STORAGE_FAULTS: Readonly<Record<StoreEngine, (code: string) => boolean>> = {
  sqlite: (code) => /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB)/.test(code),
  // disk_full, read_only_sql_transaction, io_error
  postgres: (code) => code === '53100' || code === '25006' || code === '58030',
  mysql: (code) => ['ER_RECORD_FILE_FULL', 'ER_DISK_FULL', 'ER_ERROR_ON_WRITE', 'ER_OPTION_PREVENTS_STATEMENT', 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION', 'ER_READ_ONLY_MODE'].includes(code),
};

/** The driver's own text and code, e.g. "database or disk is full (SQLITE_FULL)". */
export function storageFault(engine: StoreEngine, err: unknown): string | undefined {
  // Store errors wrap the driver's error; the code is on the original.
  const original = err instanceof Error && err.cause !== undefined ? err.cause : err;
  const code = errorCode(original) ?? '';
  return STORAGE_FAULTS[engine](code) ? `${errorMessage(original)} (${code})` : undefined;
}

export interface WriteHealthOptions {
  engine: StoreEngine;
  clock: Clock;
  /** One small real write; throws what the driver throws. */
  probe: () => Promise<void>;
  /** How long a storage fault keeps the store unwritable, whatever succeeds meanwhile (no flapping). */
  faultHoldMs: number;
}

/** Without a commit for this long, a check writes a probe. */
const PROBE_AFTER_IDLE_MS = 2_000;
/** A probe slower than this answers "not writable" (the probe goes on and its outcome still counts). */
const PROBE_TIMEOUT_MS = 1_000;

/**
 * Whether writes work, from what the store saw: the last storage fault (any query), the last commit,
 * and, when nothing was committed lately, a probe write. Cheap enough for every health check.
 */
export class WriteHealth {
  private lastFault: { at: number; reason: string } | undefined;
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private probing: Promise<'ok' | { err: unknown }> | undefined;

  constructor(private readonly options: WriteHealthOptions) {}

  /** Called for every failed query: storage faults count. */
  failed(err: unknown): void {
    const reason = storageFault(this.options.engine, err);
    if (reason !== undefined) this.lastFault = { at: this.options.clock.now(), reason };
  }

  /** Called for every commit that went through. */
  committed(): void {
    this.lastCommitAt = this.options.clock.now();
  }

  async check(): Promise<WriteCheck> {
    const outcome = this.options.clock.now() - this.lastCommitAt >= PROBE_AFTER_IDLE_MS ? await this.probeWithin(PROBE_TIMEOUT_MS) : 'ok';
    // The fault the driver saw first: a failed transaction may end in a second error (its rollback).
    const fault = this.lastFault;
    if (fault !== undefined && this.options.clock.now() - fault.at < this.options.faultHoldMs) return { isWritable: false, reason: fault.reason };
    if (outcome === 'timeout') return { isWritable: false, reason: `a probe write took longer than ${PROBE_TIMEOUT_MS} ms` };
    if (outcome !== 'ok') return { isWritable: false, reason: errorMessage(outcome.err) };
    return { isWritable: true };
  }

  /** One probe at a time; callers that come while it runs share its outcome. */
  private async probeWithin(timeoutMs: number): Promise<'ok' | 'timeout' | { err: unknown }> {
    this.probing ??= this.options
      .probe()
      .then(
        () => (this.committed(), 'ok' as const),
        (err: unknown) => ({ err }),
      )
      .finally(() => (this.probing = undefined));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      return await Promise.race([this.probing, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
