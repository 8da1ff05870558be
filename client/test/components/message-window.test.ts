import {
  FOLLOW_MIN,
  MAX_RENDERED,
  PAGE,
  around,
  following,
  newerHidden,
  pageNewer,
  pageOlder,
  windowRange,
} from '../../src/components/message-list/window';
import { buildRows } from '../../src/components/message-list/rows';
import { buildRoom, fromServer } from '../../src/stores/message-merge';
import type { ChatMessage } from '../../src/stores/message-merge';

const keys = (count: number) => Array.from({ length: count }, (_, index) => `k${index}`);

describe('the message window', () => {
  test('following the bottom renders between FOLLOW_MIN and FOLLOW_MIN + FOLLOW_STEP of the newest messages', () => {
    for (const length of [0, 10, 40, 79, 80, 81, 10_000]) {
      const { start, end } = windowRange(keys(length), following);
      expect(end).toBe(length);
      expect(end - start).toBeLessThanOrEqual(80);
      if (length >= FOLLOW_MIN) expect(end - start).toBeGreaterThanOrEqual(FOLLOW_MIN);
    }
  });

  test('the follow slice keeps its start while messages arrive, then drops a whole step at once', () => {
    const starts = [100, 101, 119, 120, 121].map((length) => windowRange(keys(length), following).start);
    expect(starts).toEqual([40, 40, 40, 80, 80]);
  });

  test('paging older moves up by PAGE and trims the bottom past MAX_RENDERED; null at the oldest held', () => {
    const all = keys(1_000);
    let window = pageOlder(all, following)!;
    let range = windowRange(all, window);
    expect(range.start).toBe(windowRange(all, following).start - PAGE);
    for (let step = 0; step < 5; step++) {
      window = pageOlder(all, window)!;
      range = windowRange(all, window);
      expect(range.end - range.start).toBeLessThanOrEqual(MAX_RENDERED);
    }
    expect(newerHidden(all, window)).toBeGreaterThan(0);
    let top = window;
    for (let next = pageOlder(all, top); next; next = pageOlder(all, top)) top = next;
    expect(windowRange(all, top).start).toBe(0);
  });

  test('a pinned window does not take in new messages; paging newer reaches the bottom and follows again', () => {
    const all = keys(500);
    let window = pageOlder(all, pageOlder(all, following)!)!;
    const pinned = windowRange(all, window);
    const grown = [...all, 'new1', 'new2'];
    expect(windowRange(grown, window)).toEqual(pinned);
    expect(newerHidden(grown, window)).toBe(grown.length - pinned.end);
    while (!window.follow) {
      window = pageNewer(grown, window);
      const range = windowRange(grown, window);
      expect(range.end - range.start).toBeLessThanOrEqual(MAX_RENDERED);
    }
    expect(newerHidden(grown, window)).toBe(0);
  });
});

describe('rows', () => {
  const DAY = 86_400_000;
  const at = new Date(2026, 10, 20, 12).getTime();
  const message = (seq: number, senderId: string, createdAt: number): ChatMessage =>
    fromServer({
      id: `id${seq}`,
      seq,
      roomId: 'r',
      clientId: `c${seq}`,
      sender: { id: senderId, nickname: senderId },
      text: `t${seq}`,
      createdAt,
    });

  test('day separators between days, grouping by sender, the unread divider before the first unread', () => {
    const list = [
      message(1, 'a', at),
      message(2, 'a', at + 60_000),
      message(3, 'b', at + 120_000),
      message(4, 'b', at + DAY),
    ];
    const room = buildRoom(Object.fromEntries(list.map((item) => [item.key, item])));
    const rows = buildRows(room, 0, 4, 'b', room.keys[3]!);
    expect(
      rows.map((row) => (row.kind === 'message' ? `${row.message.text}${row.groupStart ? '*' : ''}` : row.kind)),
    ).toEqual(['day', 't1*', 't2', 't3*', 'day', 'unread', 't4*']);
    const own = rows.filter((row) => row.kind === 'message' && row.own).length;
    expect(own).toBe(2);
  });

  test('the first rendered row always has its day separator, so older rows arriving above change nothing in the slice', () => {
    const list = [message(1, 'a', at), message(2, 'a', at + 1_000), message(3, 'a', at + 2_000)];
    const room = buildRoom(Object.fromEntries(list.map((item) => [item.key, item])));
    expect(buildRows(room, 1, 3, null, null)[0]!.kind).toBe('day');
  });
});

describe('the message window over an older held window (newer messages not held)', () => {
  test('paging newer stops pinned at the last held message instead of following, and the pill counts those not held', () => {
    const all = keys(300);
    let window = pageOlder(all, pageOlder(all, following)!)!;
    for (let step = 0; step < 20; step++) window = pageNewer(all, window, true);
    expect(window.follow).toBe(false);
    expect(windowRange(all, window).end).toBe(all.length);
    expect(pageNewer(all, window, true)).toEqual(window);
    expect(newerHidden(all, window, 1_234)).toBe(1_234);
    // Once the held messages reach the newest again, the same step follows.
    expect(pageNewer(all, window, false)).toBe(following);
  });
});

describe('around', () => {
  const keys = Array.from({ length: 300 }, (_, index) => `k${index}`);

  it('pins a page with the key in its middle, clipped at either end', () => {
    expect(around(keys, 'k100')).toEqual({
      follow: false,
      firstKey: `k${100 - PAGE / 2}`,
      lastKey: `k${100 + PAGE / 2}`,
    });
    expect(around(keys, 'k3')).toEqual({ follow: false, firstKey: 'k0', lastKey: `k${3 + PAGE / 2}` });
    expect(around(keys, 'k299')).toEqual({ follow: false, firstKey: `k${299 - PAGE / 2}`, lastKey: 'k299' });
    expect(windowRange(keys, around(keys, 'k150')).end - windowRange(keys, around(keys, 'k150')).start).toBe(PAGE + 1);
  });
});
