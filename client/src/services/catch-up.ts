import { HISTORY_MAX_LIMIT } from '@tandem/protocol';

/** What a fetched history page says about the messages after it; `null` when the request failed. */
export type PageOutcome = { hasMore: boolean } | null;

/**
 * Fetches the history pages after `fromSeq` up to `toSeq` (the room's last seq when it was joined), `parallel` at a
 * time rather than one round trip after another. Each page is the `HISTORY_MAX_LIMIT` messages after its start, so
 * pages never overlap and none is asked twice; the messages store merges them in whatever order they are answered.
 * After a failure no further page is started. Resolves with whether the server holds messages past the last page
 * (sent meanwhile; true when there was no page to ask), or `null` when a page failed.
 */
export async function fetchRange(
  fromSeq: number,
  toSeq: number,
  parallel: number,
  fetchPage: (afterSeq: number) => Promise<PageOutcome>,
): Promise<boolean | null> {
  const pages = Math.max(0, Math.ceil((toSeq - fromSeq) / HISTORY_MAX_LIMIT));
  let next = 0;
  let failed = false;
  let moreAfterLast = true;
  const worker = async () => {
    while (!failed && next < pages) {
      const index = next++;
      const outcome = await fetchPage(fromSeq + index * HISTORY_MAX_LIMIT);
      if (!outcome) failed = true;
      else if (index === pages - 1) moreAfterLast = outcome.hasMore;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, pages) }, worker));
  return failed ? null : moreAfterLast;
}
