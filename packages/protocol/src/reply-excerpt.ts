import { REPLY_EXCERPT_LENGTH } from './limits';

/**
 * The quote of a reply: the text with every run of whitespace folded to one space, cut to `REPLY_EXCERPT_LENGTH`
 * code points (never inside a surrogate pair) with `…` when longer. The server computes it; clients may preview it.
 */
export function replyExcerpt(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  const points = Array.from(folded);
  if (points.length <= REPLY_EXCERPT_LENGTH) return folded;
  return `${points.slice(0, REPLY_EXCERPT_LENGTH).join('')}…`;
}
