import { sql } from 'kysely';
import type { NewPushEndpoint, PushEndpoint, PushStore } from '../push-store.js';
import { SESSION_TYPE } from '../session-store.js';
import type { SqlContext } from './context.js';
import type { PushEndpointsTable } from './schema.js';

type EndpointRow = Omit<PushEndpointsTable, 'id'> & { id: number };

function toEndpoint(row: EndpointRow): PushEndpoint {
  return { id: row.id, uid: row.uid, device: row.device, kind: row.kind, address: row.address, keys: row.keys, createdAt: row.created_at };
}

export class SqlPushStore implements PushStore {
  constructor(private readonly ctx: SqlContext) {}

  async register(endpoint: NewPushEndpoint): Promise<PushEndpoint> {
    const { db, dialect: d, clock } = this.ctx;
    await db
      .insertInto('push_endpoints')
      .values({ uid: endpoint.uid, device: endpoint.device, kind: endpoint.kind, address: endpoint.address, keys: endpoint.keys, created_at: clock.now() })
      .modifyEnd(d.upsert(['kind', 'address'], { uid: d.excluded('uid'), device: d.excluded('device'), keys: d.excluded('keys') }))
      .execute();
    const row = await db.selectFrom('push_endpoints').selectAll().where('kind', '=', endpoint.kind).where('address', '=', endpoint.address).executeTakeFirst();
    if (!row) throw new Error('push endpoint vanished after upsert');
    return toEndpoint(row);
  }

  async unregister(uid: number, kind: string, address: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('push_endpoints').where('uid', '=', uid).where('kind', '=', kind).where('address', '=', address).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async remove(id: number): Promise<void> {
    await this.ctx.db.deleteFrom('push_endpoints').where('id', '=', id).execute();
  }

  async get(id: number): Promise<PushEndpoint | undefined> {
    const row = await this.ctx.db.selectFrom('push_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEndpoint(row) : undefined;
  }

  async listOf(uid: number): Promise<PushEndpoint[]> {
    return (await this.ctx.db.selectFrom('push_endpoints').selectAll().where('uid', '=', uid).orderBy('id').execute()).map(toEndpoint);
  }

  async countOf(uid: number): Promise<number> {
    const row = await this.ctx.db.selectFrom('push_endpoints').select((eb) => eb.fn.countAll<number | string>().as('n')).where('uid', '=', uid).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async usersWithEndpoints(afterUid: number, limit: number): Promise<number[]> {
    const rows = await this.ctx.db.selectFrom('push_endpoints').select('uid').distinct().where('uid', '>', afterUid).orderBy('uid').limit(limit).execute();
    return rows.map((r) => r.uid);
  }

  async setMuted(uid: number, type: number, peer: number, isMuted: boolean): Promise<void> {
    const { db, dialect, clock } = this.ctx;
    if (isMuted) await db.insertInto('push_mutes').values({ uid, type, peer, created_at: clock.now() }).modifyEnd(dialect.ignoreConflict(['uid', 'type', 'peer'])).execute();
    else await db.deleteFrom('push_mutes').where('uid', '=', uid).where('type', '=', type).where('peer', '=', peer).execute();
  }

  async isMuted(uid: number, type: number, peer: number): Promise<boolean> {
    const row = await this.ctx.db.selectFrom('push_mutes').select('uid').where('uid', '=', uid).where('type', '=', type).where('peer', '=', peer).executeTakeFirst();
    return row !== undefined;
  }

  async setDoNotDisturb(uid: number, isOn: boolean): Promise<void> {
    const { db, dialect: d, clock } = this.ctx;
    await db
      .insertInto('push_settings')
      .values({ uid, dnd: isOn ? 1 : 0, updated_at: clock.now() })
      .modifyEnd(d.upsert(['uid'], { dnd: d.excluded('dnd'), updated_at: d.excluded('updated_at') }))
      .execute();
  }

  async isDoNotDisturb(uid: number): Promise<boolean> {
    const row = await this.ctx.db.selectFrom('push_settings').select('dnd').where('uid', '=', uid).executeTakeFirst();
    return row?.dnd === 1;
  }

  async unreadCount(uid: number): Promise<number> {
    const { db } = this.ctx;
    const chat = await db.selectFrom('sessions').select((eb) => eb.fn.sum<number | string | null>('unread').as('n')).where('owner', '=', uid).where('type', '=', SESSION_TYPE.chat).executeTakeFirst();
    const groups = await db
      .selectFrom('group_members as m')
      .innerJoin('chat_groups as g', 'g.gid', 'm.gid')
      .select(sql<number | string | null>`sum(case when g.last_seq > m.read_seq then g.last_seq - m.read_seq else 0 end)`.as('n'))
      .where('m.uid', '=', uid)
      .where('g.dissolved', '=', 0)
      .executeTakeFirst();
    return Number(chat?.n ?? 0) + Number(groups?.n ?? 0);
  }
}
