/** The printed report of a run: faults with their impact, the counts per kind, the verdict. Pure. */
import type { FaultImpact } from './impact.js';
import type { KindFigures, Verdict } from './verify.js';

export interface FaultLine {
  label: string;
  /** Seconds after the load started. */
  atS: number;
  healthyAfterMs: number;
  impact: FaultImpact;
}

export interface RunFacts {
  title: string;
  loadS: number;
  totalS: number;
  faults: FaultLine[];
  verdict: Verdict;
  /** Online connections that dropped (each reconnected, to the next node of its list). */
  drops: number;
  /** Send turns skipped because a user had too many sends unacked. */
  skipped: number;
  /** A mid the SDK emitted twice (it promises each once). */
  duplicateEmissions: number;
  /** Clients that ended by themselves (kicked, or closed for good by a server). */
  ended: string[];
  /** The SDK's error events, by text. */
  sdkErrors: ReadonlyMap<string, number>;
}

const count = (n: number): string => n.toLocaleString('en-US');
const ms = (n: number | undefined): string => (n === undefined ? 'never' : count(Math.round(n)));

/** Columns padded to their widest cell; numbers (every column but the first) right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]?.length ?? 0)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

function kindRow(name: string, f: KindFigures): string[] {
  const figures = [f.sent, f.acked, f.refusedThenAcked, f.refusals, f.unacked, f.stored];
  return [name, ...figures.map(count), `${count(f.delivered)}/${count(f.expectedDeliveries)}`, count(f.deliveredBySync), ...[f.lost, f.undelivered, f.duplicatedInStore, f.gaps].map(count)];
}

/** Whether the run passes: anything lost, duplicated, gapped or left unacked fails it. */
export function isPass(facts: RunFacts): boolean {
  return facts.verdict.problemCount === 0 && facts.duplicateEmissions === 0 && facts.ended.length === 0;
}

export function formatReport(facts: RunFacts): string {
  const faultRows = [
    ['fault', 'at s', 'healthy after ms', 'sends affected', 'refusals', 'acked again after ms', 'median wait ms'],
    ...facts.faults.map((f) => [f.label, f.atS.toFixed(1), ms(f.healthyAfterMs), count(f.impact.affected), count(f.impact.refusals), ms(f.impact.longestWaitMs), ms(f.impact.medianWaitMs)]),
  ];
  const kindRows = [
    ['', 'sent', 'acked', 'refused, retried, acked', 'refusals', 'unacked', 'stored', 'delivered/expected', 'by sync', 'lost', 'undelivered', 'duplicated in store', 'gaps'],
    kindRow('1:1', facts.verdict.chat),
    kindRow('group', facts.verdict.group),
  ];
  const lines = [
    facts.title,
    `load ${facts.loadS.toFixed(1)} s, whole run ${facts.totalS.toFixed(1)} s`,
    '',
    table(faultRows),
    '',
    table(kindRows),
    '',
    `connections dropped and reconnected: ${count(facts.drops)}; send turns skipped (too many unacked): ${count(facts.skipped)}; mids the SDK emitted twice: ${count(facts.duplicateEmissions)}`,
  ];
  const errors = [...facts.sdkErrors].sort((a, b) => b[1] - a[1]);
  if (errors.length > 0) lines.push(`SDK error events: ${errors.slice(0, 5).map(([text, n]) => `${n} × ${text}`).join('; ')}`);
  if (facts.ended.length > 0) lines.push(`clients that ended by themselves: ${facts.ended.join('; ')}`);
  lines.push('');
  if (isPass(facts)) lines.push('PASS: every acked message stored once and delivered; inboxes and group sequences gapless');
  else lines.push(`FAIL: ${count(facts.verdict.problemCount)} problem(s)`, ...facts.verdict.problems.map((p) => `  - ${p}`));
  return lines.join('\n');
}
