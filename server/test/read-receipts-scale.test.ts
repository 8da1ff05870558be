import type { ReadReceipts } from '@tandem/protocol';
import { call, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

/**
 * Every member of a 500-member room online and marking read over and over (rounds at most four a second, each as
 * fast as the server answers 500 marks): each member still gets about one receipt event a second. Prints the figure.
 */
const MEMBERS = 500;
const BATCH = 50;
const ROUNDS = 12;
const ROUND_MS = 250;

jest.setTimeout(180_000);

let server: TestServer;
let roomId: string;
let members: (ClientSocket & { session: { user: { id: string } } })[] = [];

async function inBatches<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    results.push(...(await Promise.all(items.slice(start, start + BATCH).map(run))));
  }
  return results;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

beforeAll(async () => {
  server = await startServer();
  const owner = await server.client('Owner');
  roomId = (await call(owner, 'room:create', { name: 'everyone' })).room.id;
  // Members are added in the store before they connect (a connecting socket subscribes to its rooms): 500 joins
  // announced to everyone already online would make setting up quadratic.
  members = await inBatches(range(MEMBERS), async (i) => {
    const session = await server.signIn(`member${i}`);
    await server.store.addMember(roomId, session.user.id, Date.now());
    return Object.assign(await server.connect(session.token), { session });
  });
  // The messages everyone reads through, written straight to the store: only the marks are under test.
  const sender = { id: owner.session.user.id, nickname: 'Owner' };
  for (let i = 0; i < ROUNDS; i += 1) {
    await server.store.appendMessage({ roomId, sender, clientId: `c${i}`, text: `m${i}`, createdAt: Date.now() });
  }
  owner.disconnect();
});
afterAll(() => server.close());

describe(`read receipts in a ${MEMBERS}-member room`, () => {
  it('sends each member at most one receipt event a second, plus the first, while every member marks read repeatedly', async () => {
    const heard = members.map((socket) => {
      const events: ReadReceipts[] = [];
      socket.on('read:receipts', (event) => events.push(event));
      return events;
    });
    const started = Date.now();
    for (let round = 0; round < ROUNDS; round += 1) {
      await sleep(Math.max(0, started + round * ROUND_MS - Date.now()));
      await Promise.all(members.map((socket) => call(socket, 'read:mark', { roomId, seq: round + 1 })));
    }
    const marking = Date.now() - started;
    // The last moves go out within a second of the last mark.
    await sleep(1200);
    const window = Date.now() - started;

    const counts = heard.map((events) => events.length);
    const most = Math.max(...counts);
    const perMemberPerSecond = counts.reduce((sum, count) => sum + count, 0) / MEMBERS / (window / 1000);
    process.stdout.write(
      `${MEMBERS} members, ${MEMBERS * ROUNDS} marks in ${marking} ms: ` +
        `${perMemberPerSecond.toFixed(2)} receipt events per member per second (most to one member: ${most} in ${window} ms)\n`,
    );
    // One event when the first move comes, then at most one per second of the window.
    expect(most).toBeLessThanOrEqual(Math.floor(window / 1000) + 1);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    // However they were batched, every member ends up knowing every member's last position.
    const last = new Map<string, number>();
    for (const { reads } of heard[0] ?? []) for (const read of reads) last.set(read.userId, read.readSeq);
    expect(members.every((socket) => last.get(socket.session.user.id) === ROUNDS)).toBe(true);
  });
});
