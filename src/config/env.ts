import { coerceText } from './coerce.js';
import { CONFIG_LEAVES, ENV_PREFIX, leafByEnvName, type ConfigLeaf } from './leaves.js';
import { didYouMean } from './suggest.js';
import type { ConfigIssue } from './validate.js';

/** One GLIDE_* variable mapped onto its config leaf. */
export interface EnvSetting {
  readonly leaf: ConfigLeaf;
  /** Converted to the leaf's type when possible; otherwise the raw text, which validation then rejects. */
  readonly value: unknown;
}

export interface EnvLayer {
  readonly settings: readonly EnvSetting[];
  /** Unknown GLIDE_* names: a typo must not pass silently. */
  readonly issues: readonly ConfigIssue[];
}

const ENV_NAMES = CONFIG_LEAVES.map((leaf) => leaf.envName);

/** Reads GLIDE_<SECTION>_<KEY> variables; every other variable is ignored. Sorted by name for stable reports. */
export function readEnv(env: Readonly<Record<string, string | undefined>>): EnvLayer {
  const settings: EnvSetting[] = [];
  const issues: ConfigIssue[] = [];
  for (const name of Object.keys(env).sort()) {
    const raw = env[name];
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const leaf = leafByEnvName(name);
    if (leaf === undefined) {
      issues.push({ path: name, message: `unknown environment variable${didYouMean(name, ENV_NAMES)}` });
      continue;
    }
    const coerced = coerceText(leaf.schema, raw);
    settings.push({ leaf, value: coerced.ok ? coerced.value : raw });
  }
  return { settings, issues };
}
