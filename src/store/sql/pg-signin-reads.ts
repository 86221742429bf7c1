import { CompiledQuery, type Selectable } from 'kysely';
import type { SqlContext } from './context.js';
import type { Database } from './schema.js';

// The batched reads every sign-in makes, on PostgreSQL: keys as one array parameter (`= any`), so the text
// never changes with the batch and PostgreSQL parses and plans each once per connection (named statements,
// see postgres.ts), and Kysely builds and compiles nothing per call (~a third of a one-key read's client CPU,
// bench/micro/signin-reads.ts). Same rows, same order as the Kysely reads the other engines run.

const TOKEN_VERSIONS = 'select uid, device, version from token_versions where uid = any($1::integer[])';
const GROUPS_OF = 'select uid, gid from group_members where uid = any($1::integer[]) order by uid, gid';
const CONTACTS_OF = 'select * from contacts where owner = any($1::integer[]) order by owner, created_at, type, peer';

export const PG_SIGNIN_STATEMENTS = { glide_signin_token_versions: TOKEN_VERSIONS, glide_signin_groups_of: GROUPS_OF, glide_signin_contacts_of: CONTACTS_OF } as const;

async function read<R>(ctx: SqlContext, text: string, uids: readonly number[]): Promise<R[]> {
  return (await ctx.db.executeQuery<R>(CompiledQuery.raw(text, [uids]))).rows;
}

/** The reads above, or undefined on an engine other than PostgreSQL. */
export function pgSigninReads(ctx: SqlContext) {
  if (ctx.dialect.engine !== 'postgres') return undefined;
  return {
    tokenVersions: (uids: readonly number[]) => read<Pick<Selectable<Database['token_versions']>, 'uid' | 'device' | 'version'>>(ctx, TOKEN_VERSIONS, uids),
    groupsOf: (uids: readonly number[]) => read<Pick<Selectable<Database['group_members']>, 'uid' | 'gid'>>(ctx, GROUPS_OF, uids),
    contactsOf: (owners: readonly number[]) => read<Selectable<Database['contacts']>>(ctx, CONTACTS_OF, owners),
  };
}
