import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The business folders: they get `Peers`, owned calls and availability always, and never ask which mode runs. */
const BUSINESS = ['messaging', 'group', 'contact', 'auth', 'api', 'gateway', 'presence', 'delivery'];
const ROOT = join(import.meta.dirname, '..', '..', 'src');

/** `if (cluster)` spelled the ways it was spelled before issue 15. */
const OPTIONAL_WIRING: { name: string; pattern: RegExp }[] = [
  { name: 'peers?.', pattern: /\bpeers\?\./ },
  { name: 'peers!.', pattern: /\bpeers!\./ },
  { name: 'if (peers)', pattern: /if \(!?(this\.)?(deps\.)?peers\)/ },
  { name: 'peers?: (an optional Peers)', pattern: /\bpeers\?:/ },
  { name: 'calls ?? (a fallback for owned calls)', pattern: /\bcalls \?\? / },
  { name: 'calls?: (optional owned calls)', pattern: /\bcalls\?:/ },
  { name: 'unavailable?.( (optional availability)', pattern: /\bunavailable\?\.\(/ },
  { name: 'cluster?. / if (cluster)', pattern: /\bcluster\?\.|if \(!?cluster\b/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function findings(text: string): string[] {
  return OPTIONAL_WIRING.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name);
}

describe('business code never treats cluster parts as optional', () => {
  it('recognises each spelling it looks for', () => {
    const bad = ['this.peers?.send(1, m);', 'peers!.send(node, m);', 'if (peers) {', '  peers?: Peers;', '(deps.calls ?? localCalls).define(', '  calls?: OwnedCalls;', 'const u = this.deps.unavailable?.();', 'if (cluster) x();'];
    for (const line of bad) expect(findings(line), line).not.toEqual([]);
    expect(findings('this.deps.peers.send(node, message); this.deps.calls.define(); delivery.unavailable();')).toEqual([]);
  });

  it('finds none in messaging, group, contact, auth, api, gateway, presence and delivery', () => {
    const found: string[] = [];
    for (const area of BUSINESS) {
      for (const file of sourceFiles(join(ROOT, area))) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            for (const name of findings(line)) found.push(`src/${relative(ROOT, file)}:${i + 1}: ${name}`);
          });
      }
    }
    expect(found).toEqual([]);
  });
});
