import type { ReadReceipts as ReadReceiptsEvent } from '@tandem/protocol';
import type { TypedServer } from '../src/io';
import { ReadReceipts } from '../src/read-receipts';

/** The per-room buffer alone, on jest's clock: when it sends, what, and that an idle room is forgotten. */

function recordingServer() {
  const sent: { room: string; event: ReadReceiptsEvent }[] = [];
  const io = {
    to: (room: string) => ({ emit: (_name: string, event: ReadReceiptsEvent) => sent.push({ room, event }) }),
  } as unknown as TypedServer;
  return { io, sent };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('the read receipts buffer', () => {
  it('sends the first move at once, then what moved meanwhile once the second is over, the highest per user', () => {
    const { io, sent } = recordingServer();
    const receipts = new ReadReceipts(io, 1000);
    receipts.moved('r1', 'ann', 3);
    jest.advanceTimersByTime(0);
    expect(sent).toEqual([{ room: 'room:r1', event: { roomId: 'r1', reads: [{ userId: 'ann', readSeq: 3 }] } }]);
    receipts.moved('r1', 'bob', 4);
    receipts.moved('r1', 'ann', 7);
    receipts.moved('r1', 'ann', 5);
    jest.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(sent[1]?.event.reads).toEqual([
      { userId: 'bob', readSeq: 4 },
      { userId: 'ann', readSeq: 7 },
    ]);
  });

  it('throttles each room on its own', () => {
    const { io, sent } = recordingServer();
    const receipts = new ReadReceipts(io, 1000);
    receipts.moved('r1', 'ann', 1);
    receipts.moved('r2', 'ann', 1);
    jest.advanceTimersByTime(0);
    expect(sent.map(({ room }) => room).sort()).toEqual(['room:r1', 'room:r2']);
  });

  it('forgets a room whose cool-down collected nothing, so the next move goes at once', () => {
    const { io, sent } = recordingServer();
    const receipts = new ReadReceipts(io, 1000);
    receipts.moved('r1', 'ann', 1);
    jest.advanceTimersByTime(1000);
    expect(jest.getTimerCount()).toBe(0);
    receipts.moved('r1', 'ann', 2);
    jest.advanceTimersByTime(0);
    expect(sent).toHaveLength(2);
  });

  it('sends what is pending on flush and leaves no timer', () => {
    const { io, sent } = recordingServer();
    const receipts = new ReadReceipts(io, 1000);
    receipts.moved('r1', 'ann', 1);
    jest.advanceTimersByTime(0);
    receipts.moved('r1', 'bob', 2);
    receipts.flush();
    expect(sent[1]?.event.reads).toEqual([{ userId: 'bob', readSeq: 2 }]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
