/** A message's text cut into plain runs and web links, in order; joined back they are the text exactly. */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string };

/**
 * http(s) addresses up to the next space or a character that ends a sentence in Chinese. Only these two schemes
 * become links: `javascript:` and the like stay text.
 */
const LINK = /https?:\/\/[^\s<>"'，。！？；、（）【】《》「」]+/gi;
/** Punctuation that ends a sentence more often than it ends an address: left out of a link's end. */
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function linkSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index ?? 0;
    const link = match[0].replace(TRAILING, '');
    // Just the scheme: not an address.
    if (link.length <= 'https://'.length || !/^https?:\/\/[^/]/i.test(link)) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: link });
    last = start + link.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
