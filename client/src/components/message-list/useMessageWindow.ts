import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RoomMessages } from '../../stores/messages';
import { useListScroll } from '../../platform/list-scroll';
import { following, newerHidden, pageNewer, pageOlder, windowRange } from './window';
import type { MessageWindow } from './window';
import { buildRows, rowId } from './rows';

/** Scrolled further than this from the bottom (web, measured), the list stops following new messages. */
const FOLLOW_SLACK_PX = 48;

interface Options {
  listId: string;
  room: RoomMessages;
  ownId: string | null;
  firstUnreadKey: string | null;
  /** Asks for an older page from the server; resolves once it is merged (or failed). */
  fetchOlder(): Promise<unknown>;
  canFetchOlder: boolean;
}

/**
 * The reading position: which rows are rendered, whether the list follows new messages, and the anchor kept when
 * rows are added or removed above the one being read.
 */
export function useMessageWindow({ listId, room, ownId, firstUnreadKey, fetchOlder, canFetchOlder }: Options) {
  const [window, setWindow] = useState<MessageWindow>(following);
  const scroll = useListScroll(listId);
  const { keys } = room;
  const { start, end } = windowRange(keys, window);
  const rows = useMemo(
    () => buildRows(room, start, end, ownId, firstUnreadKey),
    [room, start, end, ownId, firstUnreadKey],
  );
  const lastId = rows.length > 0 ? rows[rows.length - 1]!.id : '';
  const fetching = useRef(false);
  const state = useRef({ keys, window, start, end });
  state.current = { keys, window, start, end };

  // Following: every new last row is scrolled to. An own message sent while scrolled up brings the list down.
  const lastKey = keys[keys.length - 1];
  const lastMessage = lastKey === undefined ? undefined : room.byKey[lastKey];
  const lastOwnPending = lastMessage?.status === 'pending' && lastMessage.sender.id === ownId;
  useEffect(() => {
    if (lastOwnPending && !window.follow) setWindow(following);
  }, [lastOwnPending, lastKey, window.follow]);
  // A layout effect, declared before the one that applies it, so the web scrolls before the browser paints.
  useLayoutEffect(() => {
    if (window.follow && lastId) scroll.toBottom(lastId);
  }, [window.follow, lastId]);
  // Before the browser paints: restore the anchor or the bottom.
  useLayoutEffect(() => scroll.afterRender());

  /** Moves the window, keeping `anchorKey`'s row in place. */
  const move = (next: MessageWindow, anchorKey: string | undefined) => {
    if (anchorKey !== undefined) scroll.keep(rowId(anchorKey));
    setWindow(next);
  };

  const older = async () => {
    const current = state.current;
    const next = pageOlder(current.keys, current.window);
    if (next) {
      move(next, current.keys[current.start]);
      return;
    }
    if (!canFetchOlder || fetching.current) return;
    fetching.current = true;
    // Pin the window before the older page lands, so it is not taken for the follow slice.
    const pinnedWindow: MessageWindow = {
      follow: false,
      firstKey: current.keys[current.start] ?? '',
      lastKey: current.keys[current.end - 1] ?? '',
    };
    setWindow(pinnedWindow);
    try {
      await fetchOlder();
    } finally {
      fetching.current = false;
    }
    const after = state.current;
    const paged = pageOlder(after.keys, pinnedWindow);
    if (paged) move(paged, after.keys[after.start]);
  };

  const newer = () => {
    const current = state.current;
    if (current.window.follow) return;
    const next = pageNewer(current.keys, current.window);
    // Rows leave the top: keep the last shown one where it is.
    move(next, current.keys[current.end - 1]);
  };

  /** A scroll event: the web measures whether the list left the bottom; WeChat reports the direction. */
  const scrolled = (movedUp: boolean) => {
    const distance = scroll.distanceFromBottom();
    const left = distance === null ? movedUp : distance > FOLLOW_SLACK_PX;
    const current = state.current;
    if (left && current.window.follow) {
      setWindow({
        follow: false,
        firstKey: current.keys[current.start] ?? '',
        lastKey: current.keys[current.end - 1] ?? '',
      });
    }
  };

  const jumpToLatest = () => setWindow(following);

  return {
    rows,
    scrollProps: scroll.scrollProps,
    newCount: newerHidden(keys, window),
    following: window.follow,
    atOldestHeld: start === 0,
    older,
    newer,
    scrolled,
    jumpToLatest,
  };
}
