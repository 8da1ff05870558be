/**
 * Where the words of a search occur in a found text: `[start, end)` UTF-16 ranges, ascending, overlapping ones
 * merged. Matching ignores letter case, as the stores do; where lower-casing would change the text's length (a few
 * letters outside ASCII), offsets could not map back, so that text is matched as it is.
 */
export function highlightRanges(text: string, terms: readonly string[]): [number, number][] {
  const lowered = text.toLowerCase();
  const folds = lowered.length === text.length;
  const haystack = folds ? lowered : text;
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const needle = folds ? term.toLowerCase() : term;
    if (needle.length !== term.length || needle === '') continue;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
      ranges.push([at, at + needle.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
