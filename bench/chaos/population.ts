/** The run's users and groups: registered over HTTP on their home nodes, then signed in over the SDK. */
import { GlideApi, httpCaller } from '../../src/client/index.js';
import { ChaosUser, type UserSeat } from './chaos-user.js';
import type { GlideNodes } from './glide-nodes.js';
import type { Ledger } from './ledger.js';
import { failoverOrder, type Placement } from './plan.js';

const PASSWORD = 'chaos-password-0123456789';
/** Registrations at a time: each costs an argon2 hash, and the machine is shared. */
const CONCURRENCY = 4;

export interface Population {
  users: ChaosUser[];
  /** gid of each planned group, in plan order. */
  gids: number[];
  /** gid → member uids. */
  members: Map<number, number[]>;
}

function api(url: string, token?: string): GlideApi {
  return new GlideApi(
    httpCaller(url, () => token),
    () => 0,
  );
}

async function inLanes<T>(count: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      out[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, lane));
  return out;
}

export async function populate(options: { placement: Placement; nodes: GlideNodes; nodeIds: readonly number[]; ledger: Ledger; runId: string }): Promise<Population> {
  const { placement, nodes, nodeIds, ledger, runId } = options;
  const seats = await inLanes(placement.homes.length, async (index): Promise<UserSeat> => {
    const home = placement.homes[index]!;
    const httpUrl = nodes.httpUrl(nodeIds[home]!);
    const account = `chaos_${index}`;
    await api(httpUrl).auth.register({ account, password: PASSWORD });
    const { uid, token } = await api(httpUrl).auth.signIn({ account, password: PASSWORD });
    const wsUrls = failoverOrder(index, home, nodeIds.length).map((n) => nodes.wsUrl(nodeIds[n]!));
    return { uid, token, httpUrl, wsUrls };
  });
  const gids: number[] = [];
  const members = new Map<number, number[]>();
  for (const [g, group] of placement.groups.entries()) {
    const [owner, ...others] = group.members.map((u) => seats[u]!);
    const gid = await api(owner!.httpUrl, owner!.token).groups.create(`chaos ${g}`, others.map((s) => s.uid));
    gids.push(gid);
    members.set(gid, [owner!.uid, ...others.map((s) => s.uid)]);
  }
  const users = seats.map((seat) => new ChaosUser(seat, ledger, runId));
  await Promise.all(users.map((user) => user.connect(gids.filter((gid) => members.get(gid)!.includes(user.uid)))));
  return { users, gids, members };
}
