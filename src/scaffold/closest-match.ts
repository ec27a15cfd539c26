/**
 * "Did you mean ...?" for a mistyped word: the candidate with the smallest edit distance, if it is
 * close enough to be a plausible typo (at most a third of the word's length, at least 1 edit), or
 * else the first candidate the word is a prefix of ("uniq" -> "unique").
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= bestDistance && (best === undefined || distance < editDistance(word.toLowerCase(), best.toLowerCase()))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined && word.length >= 2) best = candidates.find((candidate) => candidate.toLowerCase().startsWith(word.toLowerCase()));
  return best;
}

/**
 * Edit distance counting a swap of two adjacent letters as one edit (optimal string alignment):
 * "sycn" is one slip of the fingers from "sync", not two substitutions.
 */
function editDistance(a: string, b: string): number {
  // Three rows: the transposition looks two rows back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] as number;
}
