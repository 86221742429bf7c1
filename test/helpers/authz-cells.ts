import { callApi } from './api-client.js';
import { COLUMN_ACTOR, COLUMNS, isTokenColumn, type AuthzFixture, type Column, type Role } from './authz-fixture.js';
import { actionOf, dataOf, seqOf, type ProbedSocket } from './socket-probe.js';

/**
 * One cell of the authorisation matrix: the exact refusal, or n/a with the reason the column does not
 * apply. `as` names the caller when it is not the column's usual one (COLUMN_ACTOR).
 */
export type Cell =
  | { kind: 'na'; reason: string }
  /** An HTTP route: status and `Code`. Over the socket: `api.failed` with that Code (notify.auth for a 401, api.success for 100). */
  | { kind: 'http'; status: number; code: number; as?: Role }
  /** A socket action answered with `action` and the request's seq (and `data.code` when given). */
  | { kind: 'reply'; action: string; code?: string; as?: Role }
  /** A send refused with `message.failed.send` for its cliMid. */
  | { kind: 'failedSend'; as?: Role }
  /** Ignored without a reply; the connection keeps serving. */
  | { kind: 'silent'; as?: Role };

export const na = (reason: string): Cell => ({ kind: 'na', reason });
export const http = (status: number, code: number, as?: Role): Cell => ({ kind: 'http', status, code, ...(as ? { as } : {}) });
export const reply = (action: string, code?: string, as?: Role): Cell => ({ kind: 'reply', action, ...(code ? { code } : {}), ...(as ? { as } : {}) });
export const failedSend = (as?: Role): Cell => ({ kind: 'failedSend', ...(as ? { as } : {}) });
export const silent = (as?: Role): Cell => ({ kind: 'silent', ...(as ? { as } : {}) });

export type Cells = Record<Column, Cell>;
export interface RouteRow extends Cells {
  body?: (f: AuthzFixture) => unknown;
}
export interface ActionRow extends Cells {
  data: (f: AuthzFixture, column: Column) => unknown;
}

/** A cell that did not hold: what was expected and what came. */
export interface Mismatch {
  row: string;
  column: Column;
  transport: 'http' | 'socket';
  expected: string;
  got: string;
}

function actorOf(column: Column, cell: Cell): Role {
  if (isTokenColumn(column)) throw new Error(`${column} has no actor`);
  return ('as' in cell && cell.as) || COLUMN_ACTOR[column];
}

/** Checks an HTTP route's cell; resolves with a mismatch or undefined. */
export async function checkHttpCell(f: AuthzFixture, path: string, method: 'GET' | 'POST', row: RouteRow, column: Column): Promise<Mismatch | undefined> {
  const cell = row[column];
  if (cell.kind === 'na') return undefined;
  if (cell.kind !== 'http') throw new Error(`${path} ${column}: a route cell must be http() or na()`);
  const token = isTokenColumn(column) ? f.tokens[column] : f.users[actorOf(column, cell)].token;
  const { status, body } = await callApi(f.server, path, row.body?.(f) ?? {}, token, method);
  const message = cell.status !== 401 ? /./ : column === 'expired' ? /expired/ : column === 'revoked' ? /revoked/ : /./;
  const isMatch = status === cell.status && body.Code === cell.code && message.test(body.Msg);
  return isMatch ? undefined : { row: path, column, transport: 'http', expected: `${cell.status} ${cell.code} ${message}`, got: `${status} ${JSON.stringify(body).slice(0, 200)}` };
}

function socketFor(f: AuthzFixture, column: Column, cell: Cell): ProbedSocket {
  return isTokenColumn(column) ? f.anonymous[column] : f.sockets[actorOf(column, cell)];
}

/** Sends one frame and describes the answer the cell is about. */
async function answer(socket: ProbedSocket, action: string, data: unknown, cell: Cell): Promise<string> {
  const seq = socket.nextSeq();
  const text = socket.frameText(seq, action, JSON.stringify(data));
  if (cell.kind === 'silent') {
    const { replies } = await socket.exchange(seq, text);
    return replies.length === 0 ? 'silent' : replies.map((r) => JSON.stringify(r)).join(' ');
  }
  socket.raw.send(text);
  const cliMid = (data as { cliMid?: string } | undefined)?.cliMid;
  const isFailedSend = (f: Record<string, unknown>) => actionOf(f) === 'message.failed.send' && (dataOf(f) as { cliMid?: string }).cliMid === cliMid;
  const frame = await socket.raw.next((f) => seqOf(f) === seq || isFailedSend(f), 3_000).catch(() => undefined);
  socket.raw.frames.splice(0);
  if (!frame) return `no answer (closed: ${JSON.stringify(socket.raw.closeInfo)})`;
  if (isFailedSend(frame)) return 'message.failed.send';
  const code = (dataOf(frame) as { code?: unknown; Code?: unknown } | null | undefined)?.code ?? (dataOf(frame) as { Code?: unknown } | null | undefined)?.Code;
  return code === undefined ? actionOf(frame) : `${actionOf(frame)} ${String(code)}`;
}

function expectedAnswer(cell: Cell): string {
  switch (cell.kind) {
    case 'reply':
      return cell.code ? `${cell.action} ${cell.code}` : cell.action;
    case 'failedSend':
      return 'message.failed.send';
    case 'silent':
      return 'silent';
    default:
      throw new Error(`no socket answer for ${cell.kind}`);
  }
}

/** Checks a socket action's cell. */
export async function checkActionCell(f: AuthzFixture, action: string, row: ActionRow, column: Column): Promise<Mismatch | undefined> {
  const cell = row[column];
  if (cell.kind === 'na') return undefined;
  const expected = expectedAnswer(cell);
  const got = await answer(socketFor(f, column, cell), action, row.data(f, column), cell);
  // A reply cell without a code matches whatever code the reply carries.
  const isMatch = got === expected || (cell.kind === 'reply' && !cell.code && got.split(' ')[0] === expected);
  return isMatch ? undefined : { row: action, column, transport: 'socket', expected, got };
}

/**
 * Checks an HTTP route's cell over the socket as `api.<path>`: a 401 becomes notify.auth (the failed
 * sign-in left the connection anonymous), Code 100 api.success, any other Code `api.failed` with it.
 */
export async function checkRouteOverSocket(f: AuthzFixture, path: string, isPublic: boolean, row: RouteRow, column: Column): Promise<Mismatch | undefined> {
  const cell = row[column];
  if (cell.kind !== 'http') return undefined;
  if (cell.status === 401 && isPublic) throw new Error(`${path}: a public route cannot answer 401 to a bad token`);
  const action = `api.${path.replaceAll('/', '.')}`;
  const expected = cell.status === 401 ? 'notify.auth' : cell.code === 100 ? 'api.success' : `api.failed ${cell.code}`;
  const got = await answer(socketFor(f, column, cell), action, row.body?.(f) ?? {}, reply(expected));
  return got === expected ? undefined : { row: action, column, transport: 'socket', expected, got };
}

/** Problems with the table itself: a missing column, an n/a without a reason. */
export function tableProblems(rows: Record<string, Cells>): string[] {
  const problems: string[] = [];
  for (const [name, row] of Object.entries(rows)) {
    for (const column of COLUMNS) {
      const cell = row[column];
      if (cell === undefined) problems.push(`${name}: no ${column} cell`);
      else if (cell.kind === 'na' && cell.reason.trim().length < 8) problems.push(`${name} ${column}: n/a needs a reason`);
    }
  }
  return problems;
}
