/**
 * `glide bench <workload>`: the load generator. The coordinator (this process) starts or finds the
 * server, provisions users, forks worker processes that hold the connections, runs the workload,
 * prints a live progress line and a summary, and writes JSON + Markdown to --out.
 */
import { readFileSync } from 'node:fs';
import { killAllChildren, stopAllChildren } from './processes.js';
import { ProcWatch, sampleProcesses } from './proc-stats.js';
import { BenchUsageError, parseBenchOptions, redactUrl, type BenchOptions } from './options.js';
import { countsCell, machine, stepTable, writeReport, type StepSummary } from './report.js';
import { createGroups, groupTable, runGroup, type GroupSummary } from './group-workload.js';
import { Session, type ConnectFigures } from './session.js';
import type { GroupMembership } from './types.js';
import { runChat, runHold, runReconnect, type HoldFigures, type ServerBaseline } from './workloads.js';
import { killRows, runNodeKill, type KillFigures } from './node-kill.js';

export interface BenchReport {
  workload: string;
  command: string;
  date: string;
  machine: ReturnType<typeof machine>;
  options: BenchOptions;
  connect?: ConnectFigures;
  hold?: HoldFigures;
  kill?: KillFigures;
  steps?: StepSummary[];
  group?: GroupSummary;
  best?: StepSummary | null;
  compare?: { relayMaxRate: number | null; glideMaxRate: number | null; ratio: number | null; relaySteps: StepSummary[]; glideSteps: StepSummary[] };
  /** compare group: the same step on both; ratio = Glide's server CPU per member delivery over the relay's. */
  compareGroup?: { relay: GroupSummary; glide: GroupSummary; ratio: number | null };
}

export interface BenchOutput {
  report: BenchReport;
  files: { json: string; md: string };
  /** False when a message was lost, duplicated or reordered: the run found a correctness bug. */
  isCorrect: boolean;
}

const isTty = process.stderr.isTTY === true;
const log = (line: string): void => {
  process.stderr.write(`${isTty ? '\r\x1b[K' : ''}${line}\n`);
};
let lastProgressAt = 0;
/** In a terminal the line redraws in place; in a log, one line every 5 s is enough. */
const progress = (line: string): void => {
  if (isTty) process.stderr.write(`\r\x1b[K${line}`);
  else if (performance.now() - lastProgressAt >= 5000) {
    lastProgressAt = performance.now();
    process.stderr.write(`${line}\n`);
  }
};

function isCorrect(steps: readonly StepSummary[]): boolean {
  return steps.every((s) => s.lost === 0 && s.duplicated === 0 && s.outOfOrder === 0 && s.unacked === 0);
}

const isGroupCorrect = (s: GroupSummary): boolean => s.lost === 0 && s.duplicated === 0 && s.outOfOrder === 0;

/** connect: the nodes' own idle cost (cluster heartbeats, timers) is sampled this long before any client… */
const IDLE_SAMPLE_MS = 10_000;
/** …once the work of their start (JIT, the garbage of loading) has settled. */
const IDLE_SETTLE_MS = 5_000;

/** The servers before any connection: RSS, and CPU % when sampled over `sampleMs`. */
async function serverBaseline(pids: readonly number[], sampleMs: number): Promise<ServerBaseline | undefined> {
  if (sampleMs === 0) {
    const rssBytes = sampleProcesses(pids)?.rssBytes;
    return rssBytes === undefined ? undefined : { rssBytes, cpuPct: undefined };
  }
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  const watch = new ProcWatch(pids);
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const stats = watch.stop();
  return stats && { rssBytes: stats.rssBytes, cpuPct: stats.cpuPct };
}

/** Runs one workload against one target, closing everything it started. `prepare` runs before connecting. */
async function withSession<T, P = undefined>(
  options: BenchOptions,
  target: 'glide' | 'relay',
  run: (session: Session, connect: ConnectFigures, baseline: ServerBaseline | undefined, prepared: P) => Promise<T>,
  prepare?: (session: Session) => Promise<P>,
): Promise<T> {
  const session = await Session.open(options, target, log);
  try {
    const prepared = (await prepare?.(session)) as P;
    const baseline = await serverBaseline(session.pids, options.workload === 'connect' ? IDLE_SAMPLE_MS : 0);
    log(`[${target}] opening ${session.users.length} connections from ${options.sources} source addresses with ${session.pool.size} workers…`);
    const watch = new ProcWatch(session.pids);
    const connect = await session.connect();
    const cpu = watch.stop();
    // What the nodes spend anyway (baseline.cpuPct, when sampled) is not the sign-ins' doing.
    const signinCpuSec = cpu && cpu.cpuSec - ((baseline?.cpuPct ?? 0) / 100) * connect.elapsedS;
    if (signinCpuSec !== undefined) connect.serverCpuMsPerSignin = connect.opened === 0 ? 0 : Math.round((Math.max(0, signinCpuSec) * 1e6) / connect.opened) / 1000;
    log(`[${target}] ${connect.opened} connected (${connect.failed} failed) in ${connect.elapsedS} s, ${connect.connectRate}/s, sign-in p99 ${connect.signinMs.p99} ms`);
    if (connect.failed > 0 && options.workload !== 'connect') throw new Error(`${connect.failed} connections failed: ${connect.firstError ?? ''}`);
    return await run(session, connect, baseline, prepared);
  } finally {
    await session.close();
  }
}

async function execute(options: BenchOptions, command: string): Promise<{ report: BenchReport; markdown: string[]; isCorrect: boolean }> {
  const shown = { ...options, db: options.db === undefined ? undefined : redactUrl(options.db) };
  const report: BenchReport = { workload: options.compared === undefined ? options.workload : `compare ${options.compared}`, command, date: new Date().toISOString(), machine: machine(), options: shown };
  const md: string[] = [`# glide bench ${report.workload}`, '', `- date: ${report.date}`, `- machine: ${report.machine.nproc} × ${report.machine.cpuModel}, load ${report.machine.loadavg.join(' ')}, node ${report.machine.node}`, `- server: ${serverLine(shown)}`, `- command: \`${command}\``, ''];
  switch (options.workload) {
    case 'chat': {
      const { steps, best } = await withSession(options, 'glide', (session) => runChat(session, options, log, progress));
      Object.assign(report, { steps, best: best ?? null });
      for (const step of steps) md.push(`## step ${step.step}${step === best ? ' (best within the limit)' : ''}`, '', stepTable(step), '');
      return { report, markdown: md, isCorrect: isCorrect(steps) };
    }
    case 'group': {
      const summary = await groupOn(options, 'glide');
      report.group = summary;
      md.push(groupTable(summary), '');
      return { report, markdown: md, isCorrect: isGroupCorrect(summary) };
    }
    case 'reconnect': {
      const step = await withSession(options, 'glide', (session) => runReconnect(session, options, log, progress));
      report.steps = [step];
      md.push(stepTable(step), '');
      return { report, markdown: md, isCorrect: isCorrect([step]) };
    }
    case 'connect': {
      await withSession(options, 'glide', async (session, connect, baseline) => {
        report.connect = connect;
        report.hold = await runHold(session, options, baseline, connect, progress);
        if (options.isKillOne) report.kill = await runNodeKill(session, options, log, progress);
      });
      const { connect, hold } = report;
      md.push('| figure | value |', '|---|---|');
      md.push(`| connections opened / failed | ${connect!.opened} / ${connect!.failed} |`, `| connect rate | ${connect!.connectRate}/s (sign-in included) |`);
      md.push(`| connect→signed in ms p50/p90/p99/p999/max | ${connect!.signinMs.p50} / ${connect!.signinMs.p90} / ${connect!.signinMs.p99} / ${connect!.signinMs.p999} / ${connect!.signinMs.max} |`);
      md.push(`| server CPU per sign-in (all nodes, connect phase, idle CPU taken off) | ${connect!.serverCpuMsPerSignin === undefined ? '–' : `${connect!.serverCpuMsPerSignin} ms`} |`);
      md.push(`| held ${hold!.settleS} + ${hold!.holdS} s (weighed after the first): alive / closed (lost before the hold) / heartbeats | ${hold!.alive} / ${hold!.closed} (${hold!.lostBefore}) / ${hold!.heartbeats} |`);
      md.push(`| closed before or during the hold, by reason | ${countsCell(hold!.lostReasons)} |`);
      const s = hold!.server;
      md.push(s ? `| server RSS baseline → held, per connection | ${s.baselineRssMB} MB → ${s.heldRssMB} MB, ${s.rssPerConnectionKB} KB |` : '| server RSS | not measured (no local PID) |');
      md.push(`| server CPU idle before connecting / while holding, per held connection | ${s ? `${s.idleCpuPct} % / ${s.cpuPct} %, ${s.cpuUsPerConnectionS} µs/s` : '–'} |`);
      md.push(`| client CPU while holding | ${hold!.clientCpuPct} % |`);
      if (connect!.firstError) md.push(`| first error | ${connect!.firstError} |`);
      const { kill } = report;
      if (kill) md.push(...killRows(kill));
      md.push('');
      const isKillCorrect = !kill || (kill.allBackS !== null && kill.lost === 0 && kill.duplicated === 0 && kill.outOfOrder === 0 && kill.unacked === 0);
      return { report, markdown: md, isCorrect: connect!.failed === 0 && hold!.closed === 0 && hold!.lostBefore === 0 && isKillCorrect };
    }
    case 'compare': {
      if (options.compared === 'group') {
        const relay = await groupOn(options, 'relay');
        const glide = await groupOn(options, 'glide');
        const [r, g] = [relay.cpuUsPerDelivery.server, glide.cpuUsPerDelivery.server];
        const ratio = r && g ? Math.round((g / r) * 100) / 100 : null;
        report.compareGroup = { relay, glide, ratio };
        md.push(`**server CPU µs per member delivery (ack included): relay ${r ?? '–'}, glide ${g ?? '–'}, ratio glide/relay ${ratio ?? 'n/a'}**`, '');
        md.push('## relay', '', groupTable(relay), '', '## glide', '', groupTable(glide), '');
        return { report, markdown: md, isCorrect: isGroupCorrect(relay) && isGroupCorrect(glide) };
      }
      const relay = await withSession(options, 'relay', (session) => runChat(session, options, log, progress));
      const glide = await withSession(options, 'glide', (session) => runChat(session, options, log, progress));
      const relayMaxRate = relay.best?.targetRate ?? null;
      const glideMaxRate = glide.best?.targetRate ?? null;
      const ratio = relayMaxRate && glideMaxRate ? Math.round((glideMaxRate / relayMaxRate) * 1000) / 1000 : null;
      report.compare = { relayMaxRate, glideMaxRate, ratio, relaySteps: relay.steps, glideSteps: glide.steps };
      md.push(`**msg/s within p99 ≤ ${options.p99LimitMs} ms: relay ${relayMaxRate ?? 'none'}, glide ${glideMaxRate ?? 'none'}, ratio glide/relay ${ratio ?? 'n/a'}**`, '');
      for (const [name, best] of [['relay', relay.best], ['glide', glide.best]] as const) if (best) md.push(`## ${name}: best step within the limit`, '', stepTable(best), '');
      return { report, markdown: md, isCorrect: isCorrect([...relay.steps, ...glide.steps]) };
    }
  }
}

/** One group step on `target`, its groups made first. */
function groupOn(options: BenchOptions, target: 'glide' | 'relay'): Promise<GroupSummary> {
  return withSession<GroupSummary, Map<number, GroupMembership>>(options, target, (session, _connect, _rss, memberships) => runGroup(session, options, memberships, progress), (session) => createGroups(session, options, log));
}

/** Which servers took the load: how many nodes, on which database, over which NATS. */
function serverLine(options: BenchOptions): string {
  if (!options.isSpawn) return `${options.urls?.length ?? 1} node(s) at ${options.urls?.join(', ') ?? ''}`;
  const store = options.db ?? (options.dataDir === undefined ? 'SQLite in a temp data dir' : `SQLite in ${options.dataDir}`);
  return options.nodes > 1 ? `${options.nodes} spawned nodes, cluster over ${options.clusterUrl ?? ''} on ${store}` : `1 spawned node on ${store}`;
}

/** Runs a bench from parsed options; the caller prints nothing else. */
export async function runBench(options: BenchOptions, command: string): Promise<BenchOutput> {
  const { report, markdown, isCorrect: correct } = await execute(options, command);
  const files = writeReport(options.outDir, report.workload.replace(' ', '-'), { markdown: markdown.join('\n'), data: report });
  return { report, files, isCorrect: correct };
}

/** The CLI entry: parses, runs, prints the summary. Exit code 0 done, 1 correctness failure or error, 2 usage. */
export async function runBenchCommand(raw: Readonly<Record<string, string | boolean | undefined>>, args: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(raw, args);
  } catch (err) {
    if (!(err instanceof BenchUsageError)) throw err;
    process.stderr.write(`glide bench: ${err.message}\n\nRun "glide help bench" for the flags.\n`);
    return 2;
  }
  const command = `glide bench ${args.join(' ')} ${Object.entries(raw)
    .map(([k, v]) => (v === true ? `--${k}` : `--${k} ${k === 'db' ? redactUrl(String(v)) : String(v)}`))
    .join(' ')}`.trim();
  // Workers exit when this process goes (IPC disconnect); a spawned server or relay must be stopped,
  // on a signal (Ctrl-C, `timeout`) and on every other way out (an error, process.exit).
  let isStopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (isStopping) return;
    isStopping = true;
    process.stderr.write(`\nglide bench: ${signal}, stopping the servers it started\n`);
    void stopAllChildren().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.once('exit', killAllChildren);
  const output = await runBench(options, command);
  const text = readFileSync(output.files.md, 'utf8');
  process.stdout.write(`${isTty ? '\n' : ''}${text}\nwrote ${output.files.json} and ${output.files.md}\n`);
  return output.isCorrect ? 0 : 1;
}
