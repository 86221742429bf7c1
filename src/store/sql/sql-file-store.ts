import type { FileStore, StoredFile } from '../file-store.js';
import type { SqlContext } from './context.js';
import type { FilesTable } from './schema.js';

export class SqlFileStore implements FileStore {
  constructor(private readonly ctx: SqlContext) {}

  async add(file: StoredFile): Promise<void> {
    await this.ctx.db
      .insertInto('files')
      .values({
        id: file.id,
        owner: file.owner,
        sha256: file.sha256,
        name: file.name,
        size: file.size,
        type: file.type,
        width: file.width,
        height: file.height,
        has_thumbnail: file.hasThumbnail ? 1 : 0,
        created_at: file.createdAt,
      })
      .execute();
  }

  async get(id: string): Promise<StoredFile | undefined> {
    const row = await this.ctx.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStoredFile(row);
  }

  async findByHash(sha256: string): Promise<StoredFile | undefined> {
    const row = await this.ctx.db.selectFrom('files').selectAll().where('sha256', '=', sha256).orderBy('created_at').limit(1).executeTakeFirst();
    return row && toStoredFile(row);
  }

  async usedBytes(owner: number): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('files')
      .select((eb) => eb.fn.sum<number | string | null>('size').as('total'))
      .where('owner', '=', owner)
      .executeTakeFirst();
    // SUM is numeric/decimal text on PostgreSQL and MySQL.
    return Number(row?.total ?? 0);
  }
}

function toStoredFile(row: FilesTable): StoredFile {
  return {
    id: row.id,
    owner: Number(row.owner),
    sha256: row.sha256,
    name: row.name,
    size: Number(row.size),
    type: row.type,
    width: row.width === null ? null : Number(row.width),
    height: row.height === null ? null : Number(row.height),
    hasThumbnail: Number(row.has_thumbnail) === 1,
    createdAt: Number(row.created_at),
  };
}
