import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { GlideError, isGlideError } from '../../core/index.js';
import { errorCode, errorMessage, type DriverErrorKind, type SqlDialect } from './dialects/sql-dialect.js';

// Node socket errors mean the server is unreachable whatever the engine.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

function networkKind(err: unknown): DriverErrorKind | undefined {
  if (NETWORK_CODES.has(errorCode(err) ?? '')) return 'unavailable';
  // Node 20 reports a refused dual-stack connect as an AggregateError of the per-address errors.
  if (err instanceof AggregateError && err.errors.some((e) => NETWORK_CODES.has(errorCode(e) ?? ''))) return 'unavailable';
  return undefined;
}

const CODE_OF_KIND = { conflict: 'STORE_CONFLICT', unavailable: 'STORE_UNAVAILABLE', closed: 'STORE_CLOSED', full: 'STORE_FULL' } as const;

/** The one translation of driver errors into STORE_* GlideErrors. */
export function toStoreError(err: unknown, dialect: Pick<SqlDialect, 'classifyError'>): GlideError {
  if (isGlideError(err)) return err;
  const kind = dialect.classifyError(err) ?? networkKind(err);
  return new GlideError(kind ? CODE_OF_KIND[kind] : 'STORE_INTERNAL', errorMessage(err), { cause: err });
}

/** Sees every driver failure and every commit (the store's write health). */
export interface DriverObserver {
  failed(err: unknown): void;
  committed(): void;
}

/** Forwards to the engine's driver; every failure leaves as a STORE_* GlideError. */
class GuardedDriver implements Driver {
  private isClosed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly inner: Driver,
    private readonly map: (err: unknown) => GlideError,
    private readonly observer: DriverObserver | undefined,
  ) {}

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.isClosed) throw new GlideError('STORE_CLOSED');
    try {
      return await work();
    } catch (err) {
      if (this.isClosed) throw new GlideError('STORE_CLOSED', undefined, { cause: err });
      this.observer?.failed(err);
      throw this.map(err);
    }
  }

  init(): Promise<void> {
    return this.guard(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.guard(() => this.inner.acquireConnection());
    return new GuardedConnection(connection, (work) => this.guard(work));
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.guard(() => this.inner.beginTransaction(unwrap(connection), settings));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.guard(() => this.inner.commitTransaction(unwrap(connection)));
    this.observer?.committed();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.guard(() => this.inner.rollbackTransaction(unwrap(connection)));
    } catch (err) {
      // SQLite ends a transaction by itself on some errors (SQLITE_FULL, IOERR): Kysely's rollback then
      // fails, and its error would replace the one the caller must see (issue 14: "cannot rollback").
      if (!errorMessage(err).includes('no transaction is active')) throw err;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const inner = this.inner.savepoint?.bind(this.inner);
    if (!inner) throw new Error('this driver has no savepoints');
    await this.guard(() => inner(unwrap(connection), name, compile));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const inner = this.inner.rollbackToSavepoint?.bind(this.inner);
    if (!inner) throw new Error('this driver has no savepoints');
    await this.guard(() => inner(unwrap(connection), name, compile));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const inner = this.inner.releaseSavepoint?.bind(this.inner);
    if (!inner) throw new Error('this driver has no savepoints');
    await this.guard(() => inner(unwrap(connection), name, compile));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // Releasing must work after close too: in-flight work hands its connection back.
    try {
      await this.inner.releaseConnection(unwrap(connection));
    } catch (err) {
      throw this.map(err);
    }
  }

  /** Kysely's destroy is not used (it cannot report STORE_CLOSED afterwards); see close(). */
  async destroy(): Promise<void> {
    await this.close();
  }

  close(): Promise<void> {
    this.isClosed = true;
    this.closing ??= this.inner.destroy();
    return this.closing;
  }
}

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly guard: <T>(work: () => Promise<T>) => Promise<T>,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.guard(() => this.inner.executeQuery<R>(compiledQuery));
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof GuardedConnection ? connection.inner : connection;
}

/** Wraps an engine's Kysely dialect so that errors are mapped at the driver, once, for every query. */
export class GuardedDialect implements Dialect {
  private driver: GuardedDriver | undefined;

  constructor(
    private readonly dialect: SqlDialect,
    private readonly observer?: DriverObserver,
  ) {}

  createAdapter() {
    return this.dialect.kysely.createAdapter();
  }

  createDriver(): Driver {
    this.driver = new GuardedDriver(this.dialect.kysely.createDriver(), (err) => toStoreError(err, this.dialect), this.observer);
    return this.driver;
  }

  createQueryCompiler() {
    return this.dialect.kysely.createQueryCompiler();
  }

  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) {
    return this.dialect.kysely.createIntrospector(db);
  }

  /** Releases the pool or file; afterwards every query fails with STORE_CLOSED. Idempotent. */
  async close(): Promise<void> {
    await this.driver?.close();
  }
}
