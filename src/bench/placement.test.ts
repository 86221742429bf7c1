import { describe, expect, it } from 'vitest';
import { nodeAt, workerPlans } from './placement.js';
import type { BenchUser, WorkerPlan } from './types.js';

const options = { workers: 2, sources: 4, codec: 'json' as const, connectRate: 1000, heartbeatS: 20 };
const users = (count: number): BenchUser[] => Array.from({ length: count }, (_, i) => ({ uid: 100 + i, token: `t${i}` }));
const bases = (count: number): string[] => Array.from({ length: count }, (_, i) => `http://127.0.0.1:${9000 + i}`);

/** Each worker's users as [uid, node], in plan order. */
const seats = (plans: WorkerPlan[]): [number, number][][] => plans.map((plan) => plan.users.map((user) => [user.uid, user.node]));

describe('bench placement', () => {
  it('puts the two users of a pair on different nodes whenever there are several', () => {
    for (const nodes of [2, 3, 4, 5]) {
      for (const worker of [0, 1, 6]) {
        for (let pair = 0; pair < 50; pair++) expect(nodeAt(2 * pair, worker, nodes)).not.toBe(nodeAt(2 * pair + 1, worker, nodes));
      }
    }
    expect(nodeAt(7, 3, 1)).toBe(0);
  });

  it('spreads users round-robin over the nodes and keeps partners side by side in one worker', () => {
    const plans = workerPlans(options, 'glide', bases(3), users(12));
    expect(seats(plans)).toEqual([
      [[100, 0], [101, 1], [104, 2], [105, 0], [108, 1], [109, 2]],
      [[102, 1], [103, 2], [106, 0], [107, 1], [110, 2], [111, 0]],
    ]);
    const perNode = [0, 0, 0];
    for (const plan of plans) {
      for (let i = 0; i < plan.users.length; i += 2) expect(plan.users[i]!.node).not.toBe(plan.users[i + 1]!.node);
      for (const user of plan.users) perNode[user.node]!++;
    }
    expect(perNode).toEqual([4, 4, 4]);
    expect(plans[0]!.wsUrls).toEqual(['ws://127.0.0.1:9000/ws', 'ws://127.0.0.1:9001/ws', 'ws://127.0.0.1:9002/ws']);
    expect(new Set(plans.map((plan) => plan.runTag)).size).toBe(1);
  });

  it("spreads each node's users over all the workers (a killed node's clients reconnect from every worker)", () => {
    // 7 nodes and 7 workers, as the 100,000 run: round-robin over the global index put all of node 7's users in 2 workers.
    const plans = workerPlans({ ...options, workers: 7 }, 'glide', bases(7), users(7 * 7 * 20));
    const lastNodePerWorker = plans.map((plan) => plan.users.filter((user) => user.node === 6).length);
    expect(lastNodePerWorker).toEqual([20, 20, 20, 20, 20, 20, 20]);
    const fourNodes = workerPlans(options, 'glide', bases(4), users(400));
    expect(fourNodes.map((plan) => plan.users.filter((user) => user.node === 3).length)).toEqual([50, 50]);
  });

  it('sends everyone to the one server when there is one, and never forks more workers than pairs', () => {
    const plans = workerPlans({ ...options, workers: 8 }, 'relay', bases(1), users(5));
    expect(plans).toHaveLength(2);
    expect(seats(plans)).toEqual([
      [[100, 0], [101, 0], [104, 0]],
      [[102, 0], [103, 0]],
    ]);
    expect(plans[1]).toMatchObject({ workerIndex: 1, target: 'relay', wsUrls: ['ws://127.0.0.1:9000/ws'], connectRate: 500, heartbeatMs: 20_000 });
  });
});
