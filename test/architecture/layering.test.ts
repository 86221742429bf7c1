import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * design.md's layering, checked over the import graph of src/ and bench/ (the face rule, "import another
 * area through its index.ts", is eslint's no-restricted-imports): dependencies point down,
 * core ← protocol ← gateway/store/bus/presence ← auth/messaging/group/contact ← api ← app.
 * Areas of one rank may import each other. config, log and metrics sit just above core; cluster wires
 * bus and presence; admin (the CLI commands) sits beside api.
 */
const RANK: Readonly<Record<string, number>> = {
  core: 0,
  protocol: 1,
  config: 1,
  log: 1,
  metrics: 1,
  gateway: 2,
  store: 2,
  bus: 2,
  presence: 2,
  cluster: 2,
  delivery: 2,
  auth: 3,
  messaging: 3,
  group: 3,
  contact: 3,
  files: 3,
  outbox: 3,
  push: 3,
  webhooks: 3,
  api: 4,
  admin: 4,
  app: 5,
};

/** Outside the server's layers: each of these imports only what is listed. */
const ONLY: Readonly<Record<string, readonly string[]>> = {
  client: ['protocol'],
  web: ['client'],
  bench: ['client'],
  // The search bench measures the store engines themselves (seeded by SQL), not the server.
  'bench/search': ['store', 'log', 'core'],
  // Micro-benchmarks time one area's functions in isolation (the codec work of a message, the gateway's writes, a receipt's relay),
  // and report latencies with the load generator's histogram; chat-main-thread.ts runs the whole app with sinks for sockets.
  'bench/micro': ['protocol', 'gateway', 'messaging', 'delivery', 'presence', 'bus', 'store', 'core', 'config', 'log', 'metrics', 'bench', 'app', 'admin'],
};

/** Each area gets its config slice as plain options: only the composition root reads the Config type. */
const IMPORTED_ONLY_BY: Readonly<Record<string, readonly string[]>> = { config: ['app'] };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'gen' || entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `src/<area>/…` is that area; src/*.ts (app.ts, main.ts, the wiring) is the composition root; bench/ is the bench. */
function areaOf(file: string): string {
  const parts = relative(ROOT, file).split(sep);
  if (parts[0] === 'bench') return (parts[1] === 'search' || parts[1] === 'micro') && parts.length > 2 ? `bench/${parts[1]}` : 'bench';
  return parts.length === 2 ? 'app' : parts[1]!;
}

interface Arrow {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

function arrows(): Arrow[] {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'bench'))];
  return files.flatMap((file) => {
    // Static imports, re-exports and dynamic import() alike.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return importedFiles
      .filter(({ fileName }) => fileName.startsWith('.'))
      .map(({ fileName }) => ({ from: areaOf(file), to: areaOf(resolve(dirname(file), fileName)), file: relative(ROOT, file), specifier: fileName }))
      .filter((arrow) => arrow.from !== arrow.to);
  });
}

/** Why an arrow breaks the layering, or undefined when it points down (or sideways within a rank). */
function violation(from: string, to: string): string | undefined {
  const only = ONLY[from];
  if (only) return only.includes(to) ? undefined : `${from} imports only ${only.join(', ')}`;
  if (ONLY[to]) return from === 'app' ? undefined : `${to} is outside the server's layers`;
  const importers = IMPORTED_ONLY_BY[to];
  if (importers && !importers.includes(from)) return `only ${importers.join(', ')} may import ${to}`;
  const [rankFrom, rankTo] = [RANK[from], RANK[to]];
  if (rankFrom === undefined || rankTo === undefined) return `${rankFrom === undefined ? from : to} has no place in the layering (add it to RANK)`;
  return rankTo > rankFrom ? `${from} (rank ${rankFrom}) points up to ${to} (rank ${rankTo})` : undefined;
}

describe('layering', () => {
  it('has every import of src/ and bench/ point down the layers', () => {
    const found = arrows();
    expect(found.length).toBeGreaterThan(50);
    const broken = found.flatMap((arrow) => {
      const why = violation(arrow.from, arrow.to);
      return why ? [`${arrow.file} imports ${arrow.specifier}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('has the HTTP routes call their area, never a store', () => {
    const routes = arrows().filter((arrow) => arrow.file.startsWith(join('src', 'api', 'routes')) && arrow.to === 'store');
    expect(routes.map((arrow) => `${arrow.file} imports ${arrow.specifier}`)).toEqual([]);
  });

  it('refuses the arrows design.md names as pointing up', () => {
    expect(violation('messaging', 'api')).toMatch(/points up/);
    expect(violation('gateway', 'config')).toMatch(/only app/);
    expect(violation('bench', 'protocol')).toMatch(/bench imports only client/);
    expect(violation('bench', 'bus')).toMatch(/bench imports only client/);
    expect(violation('client', 'core')).toMatch(/client imports only protocol/);
    expect(violation('protocol', 'gateway')).toMatch(/points up/);
    expect(violation('group', 'client')).toMatch(/outside/);
    expect(violation('group', 'messaging')).toBeUndefined();
    expect(violation('app', 'bench')).toBeUndefined();
  });
});
