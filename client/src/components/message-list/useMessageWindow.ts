import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RoomMessages } from '../../stores/messages';
import { useListScroll } from '../../platform/list-scroll';
import { around, following, newerHidden, pageNewer, pageOlder, windowRange } from './window';
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
  /** Asks for the page after the held messages (the room holds an older window: `room.hasNewer`). */
  fetchNewer(): Promise<unknown>;
  /** Brings the room's newest messages back when they are not held ("jump to latest"). */
  fetchNewest(): Promise<unknown>;
  /** The room's newest seq as far as known (its summary): newer messages not held count towards the pill. */
  newestSeq: number;
  /** The message the room was opened at (a search result): once held, the window pins around it and shows it. */
  focusKey?: string | null;
  /** Brings the message of `seq` into the room when not held; resolves with an error when it could not. */
  fetchAround(seq: number): Promise<unknown>;
}

/** How long a message jumped to stays marked. */
const HIGHLIGHT_MS = 2000;

/** While reading an older window, unsent messages (sorted last) belong below the newer ones not held. */
function heldStoredKeys(room: RoomMessages): string[] {
  const firstUnsent = room.keys.findIndex((key) => room.byKey[key]?.status !== 'sent');
  return firstUnsent < 0 ? room.keys : room.keys.slice(0, firstUnsent);
}

/**
 * The reading position: which rows are rendered, whether the list follows new messages, and the anchor kept when
 * rows are added or removed above the one being read.
 */
export function useMessageWindow(options: Options) {
  const { listId, room, ownId, firstUnreadKey, fetchOlder, canFetchOlder, fetchNewer, fetchNewest } = options;
  const [window, setWindow] = useState<MessageWindow>(following);
  const scroll = useListScroll(listId);
  const { hasNewer } = room;
  const readingBack = hasNewer && !window.follow;
  const keys = useMemo(() => (readingBack ? heldStoredKeys(room) : room.keys), [room, readingBack]);
  const notHeld = hasNewer ? Math.max(0, options.newestSeq - room.contiguousSeq) : 0;
  const { start, end } = windowRange(keys, window);
  const rows = useMemo(
    () => buildRows(room, start, end, ownId, firstUnreadKey),
    [room, start, end, ownId, firstUnreadKey],
  );
  const lastId = rows.length > 0 ? rows[rows.length - 1]!.id : '';
  const fetching = useRef(false);
  const fetchingNewer = useRef(false);
  const state = useRef({ keys, window, start, end, hasNewer });
  state.current = { keys, window, start, end, hasNewer };

  // Opened at a message: once it is held, the window moves around it and scrolls to it, once.
  const focusKey = options.focusKey ?? null;
  const focusHeld = focusKey !== null && room.byKey[focusKey] !== undefined;
  const focused = useRef<string | null>(null);
  useEffect(() => {
    if (!focusHeld || focused.current === focusKey) return;
    focused.current = focusKey;
    scroll.reveal(rowId(focusKey));
    setWindow(around(state.current.keys, focusKey));
  }, [focusHeld, focusKey]);
  // A jump to a quoted message waits until its seq is held (paged in when it was not), then pins the window
  // around it, brings it into view and marks it for a moment.
  const [jumpSeq, setJumpSeq] = useState<number | null>(null);
  const [highlightKey, setHighlightKey] = useState<string | null>(null);
  useEffect(() => {
    if (jumpSeq === null) return;
    const key = keys.find((held) => room.byKey[held]?.seq === jumpSeq);
    if (key === undefined) return;
    setJumpSeq(null);
    scroll.reveal(rowId(key));
    setWindow(around(keys, key));
    setHighlightKey(key);
  }, [jumpSeq, keys, room]);
  useEffect(() => {
    if (highlightKey === null) return undefined;
    const timer = setTimeout(() => setHighlightKey(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlightKey]);
  const jumpTo = (seq: number) => {
    setJumpSeq(seq);
    void options.fetchAround(seq).then((failed) => {
      if (failed) setJumpSeq((current) => (current === seq ? null : current));
    });
  };

  // Following: every new last row is scrolled to. An own message sent while scrolled up brings the list down
  // (while reading far back, the send also brings the room's newest messages back: see sendMessage).
  const lastKey = room.keys[room.keys.length - 1];
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

  const pinned = (current: typeof state.current) => ({
    follow: false as const,
    firstKey: current.keys[current.start] ?? '',
    lastKey: current.keys[current.end - 1] ?? '',
  });

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
    const pinnedWindow = pinned(current);
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

  // Rows leave the top: the last shown one is kept where it is.
  const newer = async () => {
    const current = state.current;
    if (current.window.follow) return;
    if (current.end < current.keys.length || !current.hasNewer) {
      move(pageNewer(current.keys, current.window, current.hasNewer), current.keys[current.end - 1]);
      return;
    }
    // At the last held message of an older window: the next page comes from the server.
    if (fetchingNewer.current) return;
    fetchingNewer.current = true;
    const pinnedWindow = pinned(current);
    setWindow(pinnedWindow);
    try {
      await fetchNewer();
    } finally {
      fetchingNewer.current = false;
    }
    const after = state.current;
    move(pageNewer(after.keys, pinnedWindow, after.hasNewer), pinnedWindow.lastKey);
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

  // Newest messages not held: they come back (from disk at once when kept there, then from the server).
  const jumpToLatest = () => {
    setWindow(following);
    if (state.current.hasNewer) void fetchNewest();
  };

  return {
    rows,
    scrollProps: scroll.scrollProps,
    newCount: newerHidden(keys, window, notHeld),
    following: window.follow,
    atOldestHeld: start === 0,
    /** At the last held message of an older window: newer ones come from the server. */
    atNewestHeld: readingBack && end === keys.length,
    /** The keys on screen while scrolled (null while following): the store keeps its held messages around them. */
    reading: window.follow ? null : { firstKey: keys[start] ?? '', lastKey: keys[end - 1] ?? '' },
    older,
    newer,
    scrolled,
    jumpToLatest,
    jumpTo,
    highlightKey,
  };
}
