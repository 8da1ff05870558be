import { useCallback, useMemo, useRef } from 'react';
import type { ListScroll } from './list-scroll';

export type { ListScroll } from './list-scroll';

/** Taro's H5 ScrollView is a scrolling element carrying the id we give it. */
function listElement(listId: string): HTMLElement | null {
  return document.getElementById(listId);
}

/**
 * The web's list scrolling, measured in the DOM: an anchor's offset from the list's top is read before a change
 * and restored after React commits it (in the caller's layout effect, before the browser paints), so rows
 * added or removed above it never move what is being read.
 */
export function useListScroll(listId: string): ListScroll {
  const pending = useRef<{ anchorId: string; offset: number } | null>(null);
  const bottom = useRef(false);
  const revealing = useRef<string | null>(null);

  const reveal = useCallback((rowId: string) => {
    revealing.current = rowId;
  }, []);

  const keep = useCallback(
    (anchorId: string) => {
      const list = listElement(listId);
      const anchor = document.getElementById(anchorId);
      if (!list || !anchor) return;
      pending.current = {
        anchorId,
        offset: anchor.getBoundingClientRect().top - list.getBoundingClientRect().top,
      };
    },
    [listId],
  );

  const toBottom = useCallback(() => {
    bottom.current = true;
  }, []);

  const afterRender = useCallback(() => {
    const list = listElement(listId);
    if (!list) return;
    const target = revealing.current === null ? null : document.getElementById(revealing.current);
    if (target) {
      revealing.current = null;
      bottom.current = false;
      pending.current = null;
      target.scrollIntoView({ block: 'center' });
      return;
    }
    if (bottom.current) {
      bottom.current = false;
      pending.current = null;
      // Taro's scroll view is a Stencil element that may become scrollable a frame or two after React commits.
      let frames = 0;
      const settle = () => {
        list.scrollTop = list.scrollHeight;
        const left = list.scrollHeight - list.scrollTop - list.clientHeight;
        if ((left > 1 || list.clientHeight === 0) && ++frames < 30) requestAnimationFrame(settle);
      };
      settle();
      return;
    }
    const kept = pending.current;
    if (!kept) return;
    pending.current = null;
    const anchor = document.getElementById(kept.anchorId);
    if (!anchor) return;
    const offset = anchor.getBoundingClientRect().top - list.getBoundingClientRect().top;
    list.scrollTop += offset - kept.offset;
  }, [listId]);

  const distanceFromBottom = useCallback(() => {
    const list = listElement(listId);
    return list ? list.scrollHeight - list.scrollTop - list.clientHeight : null;
  }, [listId]);

  return useMemo(
    () => ({ scrollProps: {}, toBottom, keep, reveal, afterRender, distanceFromBottom }),
    [toBottom, keep, reveal, afterRender, distanceFromBottom],
  );
}
