/**
 * `npm run chaos [-- --short]`: three Glide nodes on a private 3-server NATS cluster and a private
 * PostgreSQL, SDK clients chatting in cross-node pairs and groups, and faults one after another while
 * the load runs (a node SIGKILLed, PostgreSQL restarted, one NATS server SIGKILLed, the whole NATS
 * cluster killed). Then it checks that nothing acked was lost, duplicated
 * or left a gap, prints a report and exits 1 if anything was. Everything it starts is stopped at the
 * end, on failure, on Ctrl-C and past the profile's deadline.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLIENT_SETTINGS } from './chaos-user.js';
import { GlideNodes } from './glide-nodes.js';
import { faultImpact } from './impact.js';
import { Ledger } from './ledger.js';
import { Load } from './load.js';
import { PrivateNats } from './nats.js';
import { NODE_IDS, placeUsers, profileFromArgs, type ChaosProfile, type FaultStep } from './plan.js';
import { populate } from './population.js';
import { PrivatePostgres } from './postgres.js';
import { Cleanup, freePort } from './processes.js';
import { formatReport, isPass, type FaultLine } from './report.js';
import { readStore } from './store-snapshot.js';
import { verify } from './verify.js';

const HEALTHY_TIMEOUT_MS = 90_000;
const ACK_DRAIN_TIMEOUT_MS = 60_000;
const DELIVERY_DRAIN_TIMEOUT_MS = 30_000;

const runStartedAt = Date.now();
const say = (text: string): void => void process.stderr.write(`[chaos ${((Date.now() - runStartedAt) / 1000).toFixed(1)}s] ${text}\n`);

interface Infrastructure {
  postgres: PrivatePostgres;
  nats: PrivateNats;
  nodes: GlideNodes;
}

async function startInfrastructure(cleanup: Cleanup): Promise<Infrastructure> {
  const dir = mkdtempSync(join(tmpdir(), 'glide-chaos-'));
  cleanup.add('temp dir', () => rmSync(dir, { recursive: true, force: true }));
  const register = (name: string, stop: () => Promise<void>): void => cleanup.add(name, stop);
  const [postgres, nats] = await Promise.all([PrivatePostgres.start(register), PrivateNats.start(join(dir, 'nats'), register)]);
  say(`PostgreSQL on port ${postgres.port}, NATS cluster on ports ${nats.ports.join(', ')}`);
  const ports = new Map<number, number>();
  for (const id of NODE_IDS) ports.set(id, await freePort());
  const nodes = new GlideNodes({ natsUrl: nats.url, dbUrl: postgres.url, dir }, ports);
  cleanup.add('glide nodes', () => nodes.stopAll());
  // Together: the store runs each migration once whichever node comes first.
  await Promise.all(NODE_IDS.map((id) => nodes.start(id)));
  await nodes.waitHealthy(HEALTHY_TIMEOUT_MS);
  say(`nodes ${NODE_IDS.join(', ')} up on ports ${[...ports.values()].join(', ')}`);
  return { postgres, nats, nodes };
}

function faultLabel(step: FaultStep, profile: ChaosProfile): string {
  if (step.kind === 'kill-node') return `SIGKILL node ${step.node}, started again after ${profile.nodeDownMs / 1000} s`;
  if (step.kind === 'restart-postgres') return 'PostgreSQL pg_ctl restart -m fast';
  if (step.kind === 'kill-nats-server') return `SIGKILL ${step.server === undefined ? 'the NATS server most nodes are on' : `NATS server ${step.server}`} (of 3), started again after ${profile.natsDownMs / 1000} s`;
  return `every NATS server SIGKILLed, started again after ${profile.natsDownMs / 1000} s`;
}

/** Injects one fault, brings the component back and waits for the cluster to be whole again. */
async function inject(step: FaultStep, infra: Infrastructure, profile: ChaosProfile): Promise<{ startedAt: number; healthyAt: number }> {
  const startedAt = Date.now();
  if (step.kind === 'kill-node') {
    await infra.nodes.kill(step.node!);
    await sleep(profile.nodeDownMs);
    await infra.nodes.start(step.node!);
  } else if (step.kind === 'restart-postgres') {
    await infra.postgres.restart();
  } else if (step.kind === 'kill-nats-server') {
    const busiest = step.server === undefined ? await infra.nats.busiestServer() : undefined;
    const index = step.server ?? busiest!.index;
    if (busiest) say(`NATS server ${index} holds ${busiest.nodes} of the nodes' connections`);
    await infra.nats.killServer(index);
    await sleep(profile.natsDownMs);
    await infra.nats.restartServer(index);
  } else {
    await infra.nats.kill();
    await sleep(profile.natsDownMs);
    await infra.nats.launch();
  }
  await infra.nodes.waitHealthy(HEALTHY_TIMEOUT_MS);
  return { startedAt, healthyAt: Date.now() };
}

function printNodeLogs(infra: Infrastructure): void {
  for (const id of NODE_IDS) process.stderr.write(`\n--- node ${id}, last warnings and errors ---\n${infra.nodes.tail(id, 20)}\n`);
}

async function runChaos(profile: ChaosProfile, cleanup: Cleanup): Promise<boolean> {
  const infra = await startInfrastructure(cleanup);
  try {
    const isPassed = await exercise(profile, infra, cleanup);
    if (!isPassed) printNodeLogs(infra);
    return isPassed;
  } catch (err) {
    printNodeLogs(infra);
    throw err;
  }
}

/** Users, load, faults, drain, verification and the report; true when the run passes. */
async function exercise(profile: ChaosProfile, infra: Infrastructure, cleanup: Cleanup): Promise<boolean> {
  const placement = placeUsers({ users: profile.users, nodes: NODE_IDS.length, groups: profile.groups, membersPerGroup: profile.membersPerGroup, postersPerGroup: profile.postersPerGroup });
  const ledger = new Ledger();
  const population = await populate({ placement, nodes: infra.nodes, nodeIds: NODE_IDS, ledger, runId: randomBytes(3).toString('hex') });
  const { users, gids, members } = population;
  cleanup.add('clients', () => users.forEach((user) => user.close()));
  say(`${users.length} users signed in, groups ${gids.join(', ')}; load starts`);

  const load = new Load(users, placement, gids, profile);
  const loadStartedAt = Date.now();
  load.start();
  await sleep(profile.warmupMs);
  const faults: { step: FaultStep; startedAt: number; healthyAt: number }[] = [];
  for (const step of profile.faults) {
    say(`fault: ${faultLabel(step, profile)}`);
    const times = await inject(step, infra, profile);
    say(`cluster healthy again after ${times.healthyAt - times.startedAt} ms`);
    faults.push({ step, ...times });
    await sleep(profile.settleMs);
  }
  load.stop();
  const loadEndedAt = Date.now();
  say(`load stopped; waiting for ${ledger.inFlight} sends to be acked and for deliveries`);
  await load.drainAcks(ACK_DRAIN_TIMEOUT_MS).catch((err: unknown) => say(String(err)));
  await load.drainDeliveries(ledger, members, DELIVERY_DRAIN_TIMEOUT_MS);
  for (const user of users) user.close();

  const verdict = verify({ sent: ledger.sent.values(), received: ledger.received, store: await readStore(infra.postgres.url), groups: members });
  const lines: FaultLine[] = faults.map((fault, i) => ({
    label: faultLabel(fault.step, profile),
    atS: (fault.startedAt - loadStartedAt) / 1000,
    healthyAfterMs: fault.healthyAt - fault.startedAt,
    impact: faultImpact({ startedAt: fault.startedAt, healthyAt: fault.healthyAt, endAt: faults[i + 1]?.startedAt ?? loadEndedAt }, ledger.sent.values()),
  }));
  const posters = placement.groups.reduce((sum, group) => sum + group.posters.length, 0);
  const facts = {
    title:
      `glide chaos (${profile.name}): ${NODE_IDS.length} nodes on a private 3-server NATS cluster and PostgreSQL 15; ${users.length} SDK users in ${placement.pairs.length} cross-node pairs, ` +
      `1 msg every ${profile.chatIntervalMs} ms each; ${gids.length} groups × ${profile.membersPerGroup} members on all nodes, ${posters} posters, 1 post every ${profile.postIntervalMs} ms each; ` +
      `client reconnect backoff ${CLIENT_SETTINGS.reconnect.initialDelayMs}–${CLIENT_SETTINGS.reconnect.maxDelayMs} ms`,
    loadS: (loadEndedAt - loadStartedAt) / 1000,
    totalS: (Date.now() - runStartedAt) / 1000,
    faults: lines,
    verdict,
    drops: users.reduce((sum, user) => sum + user.drops, 0),
    skipped: load.skipped,
    duplicateEmissions: ledger.duplicateEmissions,
    ended: users.flatMap((user) => (user.endedBy === undefined ? [] : [`uid ${user.uid}: ${user.endedBy}`])),
    sdkErrors: ledger.sdkErrors,
  };
  process.stdout.write(`\n${formatReport(facts)}\n`);
  return isPass(facts);
}

/** Why a run was stopped from outside (a signal, the deadline): reported without a stack. */
class Stopped extends Error {}

async function main(): Promise<number> {
  const profile = profileFromArgs(process.argv.slice(2));
  const cleanup = new Cleanup();
  let stopWith: (reason: Error) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (stopWith = reject));
  const onSignal = (signal: NodeJS.Signals): void => {
    say(`${signal}: stopping and cleaning up`);
    stopWith(new Stopped(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const deadline = setTimeout(() => stopWith(new Stopped(`the run took longer than its deadline of ${profile.deadlineMs / 1000} s`)), profile.deadlineMs);
  try {
    return (await Promise.race([runChaos(profile, cleanup), stopped])) ? 0 : 1;
  } catch (err) {
    const text = err instanceof Stopped ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`chaos: ${text}\n`);
    return 1;
  } finally {
    clearTimeout(deadline);
    say('cleaning up');
    await cleanup.runAll();
  }
}

// Exit explicitly: a run stopped halfway leaves timers and sockets that would keep the process alive.
main().then(
  (code) => process.exit(code),
  () => process.exit(1),
);
