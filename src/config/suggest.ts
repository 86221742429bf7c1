/** Edit distance, for "did you mean" hints on typos. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Case, '_' and '-' do not count, so 'tcp_port' finds 'tcpPort'. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/** The candidate closest to `name`, or undefined when none is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const target = normalize(name);
  // Short names are too close to everything: allow one edit there, a third of the name elsewhere.
  const limit = target.length < 4 ? 1 : Math.max(2, Math.floor(target.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = distance(target, normalize(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ', did you mean X?' or ''. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closest(name, candidates);
  return match === undefined ? '' : `, did you mean ${match}?`;
}
