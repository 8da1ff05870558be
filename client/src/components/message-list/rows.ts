import type { ChatMessage, RoomMessages } from '../../stores/messages';
import { dayKey } from '../../i18n';

/** What the list draws, in order: day separators, the unread divider and messages. */
export type Row =
  | { kind: 'day'; id: string; at: number }
  | { kind: 'unread'; id: string }
  | {
      kind: 'message';
      id: string;
      message: ChatMessage;
      own: boolean;
      /** First of a run by one sender (within GROUP_GAP_MS): shows the name and avatar. */
      groupStart: boolean;
      /** Last of its run: shows the time. */
      groupEnd: boolean;
    };

/** Consecutive messages of one sender closer than this share one header. */
export const GROUP_GAP_MS = 5 * 60_000;

/** A DOM/WXML id for a message: keys hold `:`, which a selector (WeChat's scroll-into-view) cannot take. */
export function rowId(key: string): string {
  return `m_${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * Rows for `room.keys[start, end)`. The first row always gets its day's separator: older messages arriving
 * above the slice then change nothing in it (the position of what is being read stays put).
 */
export function buildRows(
  room: RoomMessages,
  start: number,
  end: number,
  ownId: string | null,
  firstUnreadKey: string | null,
): Row[] {
  const rows: Row[] = [];
  let previous: ChatMessage | undefined;
  for (let index = start; index < end; index++) {
    const key = room.keys[index] ?? '';
    const message = room.byKey[key];
    if (!message) continue;
    const newDay = !previous || dayKey(previous.createdAt) !== dayKey(message.createdAt);
    if (newDay) rows.push({ kind: 'day', id: `d_${dayKey(message.createdAt)}`, at: message.createdAt });
    const unread = key === firstUnreadKey;
    if (unread) rows.push({ kind: 'unread', id: 'unread-divider' });
    const groupStart =
      newDay ||
      unread ||
      !previous ||
      previous.sender.id !== message.sender.id ||
      message.createdAt - previous.createdAt > GROUP_GAP_MS;
    const before = rows[rows.length - 1];
    if (!groupStart && before?.kind === 'message') before.groupEnd = false;
    rows.push({
      kind: 'message',
      id: rowId(key),
      message,
      own: message.sender.id === ownId,
      groupStart,
      groupEnd: true,
    });
    previous = message;
  }
  return rows;
}
