import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * A worker thread's entry beside the caller (`from`: its import.meta.url), `name` without extension.
 * Built, the thread runs the .js. From the sources (tsx, vitest) the thread registers tsx first and then
 * imports the .ts: Node 20 does not apply an `--import` loader to a worker's entry (the same trick as
 * sqlite-writer-thread.ts).
 */
export function threadEntry(name: string, from: string): { entry: string | URL; isEval: boolean } {
  if (!from.endsWith('.ts')) return { entry: new URL(`./${name}.js`, from), isEval: false };
  // require.resolve answers the CommonJS build; its ESM twin beside it is the one that registers in a thread.
  const tsx = pathToFileURL(createRequire(from).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL(`./${name}.ts`, from).href;
  return { entry: `import(${JSON.stringify(tsx)}).then(({ register }) => (register(), import(${JSON.stringify(entry)})));`, isEval: true };
}
