/** A piece of a found message's text; `hit` marks a matched word. Rendered as text nodes, never as markup. */
export interface Segment {
  text: string;
  hit: boolean;
}

/** Characters kept before the first match when a long text is shortened, and the most shown in all. */
const LEAD = 24;
const SHOWN = 160;

/**
 * The text of a search result cut to what a result row shows (from a little before the first match, with `…`
 * where text was left out), split into plain and matched pieces by the server's `[start, end)` ranges.
 */
export function snippetSegments(text: string, ranges: readonly (readonly [number, number])[]): Segment[] {
  const from = Math.max(0, (ranges[0]?.[0] ?? 0) - LEAD);
  const to = Math.min(text.length, from + SHOWN);
  const segments: Segment[] = [];
  const push = (piece: string, hit: boolean) => {
    if (piece !== '') segments.push({ text: piece, hit });
  };
  let at = from;
  for (const [start, end] of ranges) {
    const clippedStart = Math.max(start, at);
    const clippedEnd = Math.min(end, to);
    if (clippedEnd <= clippedStart) continue;
    push(text.slice(at, clippedStart), false);
    push(text.slice(clippedStart, clippedEnd), true);
    at = clippedEnd;
  }
  push(text.slice(at, to), false);
  if (from > 0) segments.unshift({ text: '…', hit: false });
  if (to < text.length) segments.push({ text: '…', hit: false });
  return segments;
}
