/** What a chaos run does: the two profiles (--short for CI, the long default) and where users and groups sit. */

export type FaultKind = 'kill-node' | 'restart-postgres' | 'kill-nats-server' | 'restart-nats';

export interface FaultStep {
  kind: FaultKind;
  /** kill-node: the node id. */
  node?: number;
  /** kill-nats-server: which server of the NATS cluster (0-based); absent: the one most nodes are on. */
  server?: number;
}

export interface ChaosProfile {
  name: 'short' | 'long';
  users: number;
  /** Each user sends one message to its partner this often. */
  chatIntervalMs: number;
  groups: number;
  membersPerGroup: number;
  postersPerGroup: number;
  /** Each poster posts to its group this often. */
  postIntervalMs: number;
  /** Load before the first fault. */
  warmupMs: number;
  /** Load after the cluster is healthy again, before the next fault (and before the load stops). */
  settleMs: number;
  /** A SIGKILLed node is started again after this long. */
  nodeDownMs: number;
  /** A killed NATS server, or the whole NATS cluster, is started again after this long. */
  natsDownMs: number;
  faults: FaultStep[];
  /** The whole run, set-up and teardown included: past it the run fails and cleans up. */
  deadlineMs: number;
}

export const NODE_IDS = [1, 2, 3] as const;

const COMMON = { users: 40, chatIntervalMs: 1_000, groups: 3, membersPerGroup: 8, postersPerGroup: 3, postIntervalMs: 2_000, nodeDownMs: 3_000, natsDownMs: 1_500 };

export const PROFILES: Record<ChaosProfile['name'], ChaosProfile> = {
  short: {
    ...COMMON,
    name: 'short',
    warmupMs: 3_000,
    settleMs: 2_500,
    faults: [{ kind: 'kill-node', node: 2 }, { kind: 'restart-postgres' }, { kind: 'kill-nats-server' }, { kind: 'restart-nats' }],
    deadlineMs: 270_000,
  },
  long: {
    ...COMMON,
    name: 'long',
    warmupMs: 8_000,
    settleMs: 15_000,
    faults: [
      { kind: 'kill-node', node: 2 },
      { kind: 'restart-postgres' },
      { kind: 'kill-nats-server' },
      { kind: 'restart-nats' },
      { kind: 'kill-node', node: 3 },
      { kind: 'kill-nats-server', server: 1 },
      { kind: 'restart-postgres' },
      { kind: 'restart-nats' },
    ],
    deadlineMs: 480_000,
  },
};

/** `--short` picks the CI profile; anything else but `--long` is refused. */
export function profileFromArgs(args: readonly string[]): ChaosProfile {
  let name: ChaosProfile['name'] = 'long';
  for (const arg of args) {
    if (arg === '--short') name = 'short';
    else if (arg === '--long') name = 'long';
    else throw new Error(`unknown argument ${arg} (usage: npm run chaos [-- --short])`);
  }
  return PROFILES[name];
}

export interface GroupPlan {
  /** User indexes. */
  members: number[];
  posters: number[];
}

export interface Placement {
  /** Each user's home node, as an index into the node list. */
  homes: number[];
  /** User indexes that chat with each other; the two sit on different nodes. */
  pairs: [number, number][];
  groups: GroupPlan[];
}

/**
 * Users 2p and 2p+1 form pair p, homed on nodes p and p+1 (mod the node count), so every pair
 * crosses nodes and every node holds users. Group g takes every stride-th user from g, which lands
 * members on every node; its posters are picked one node at a time.
 */
export function placeUsers(options: { users: number; nodes: number; groups: number; membersPerGroup: number; postersPerGroup: number }): Placement {
  const { users, nodes, groups, membersPerGroup, postersPerGroup } = options;
  if (users % 2 !== 0 || nodes < 2) throw new Error('needs an even number of users and at least two nodes');
  const stride = Math.floor(users / membersPerGroup);
  if (groups > stride) throw new Error(`${groups} groups of ${membersPerGroup} do not fit in ${users} users`);
  const homes = Array.from({ length: users }, (_, u) => (Math.floor(u / 2) + (u % 2)) % nodes);
  const pairs = Array.from({ length: users / 2 }, (_, p): [number, number] => [2 * p, 2 * p + 1]);
  const plans = Array.from({ length: groups }, (_, g) => {
    const members = Array.from({ length: membersPerGroup }, (_, k) => g + k * stride);
    const byNode = Array.from({ length: nodes }, (_, n) => members.filter((u) => homes[u] === n));
    if (byNode.some((list) => list.length === 0)) throw new Error(`group ${g} has no member on some node`);
    const posters: number[] = [];
    for (let round = 0; posters.length < Math.min(postersPerGroup, members.length); round++) {
      for (const list of byNode) if (list[round] !== undefined && posters.length < postersPerGroup) posters.push(list[round]!);
    }
    return { members, posters };
  });
  return { homes, pairs, groups: plans };
}

/**
 * The order a user tries the nodes in: its home first, then the others. Odd users go the other way
 * round, so the users of a dead node spread over the survivors instead of all landing on one.
 */
export function failoverOrder(user: number, home: number, nodes: number): number[] {
  const step = user % 2 === 0 ? 1 : nodes - 1;
  return Array.from({ length: nodes }, (_, i) => (home + i * step) % nodes);
}
