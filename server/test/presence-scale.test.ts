import type { PresenceChange, SessionResponse } from '@tandem/protocol';
import { call, collect, settle, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

/** Members of the big room, and how many of them stay online listening. */
const MEMBERS = 1000;
const LISTENERS = 100;
const STORM = 200;
const BATCH = 50;

jest.setTimeout(180_000);

let server: TestServer;
let roomId: string;
let listeners: ClientSocket[] = [];
/** Members who joined and went offline, with their sessions. */
let offline: SessionResponse[] = [];

async function inBatches<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    results.push(...(await Promise.all(items.slice(start, start + BATCH).map(run))));
  }
  return results;
}

/** Long enough for any pending presence batch to be sent: used only to assert that nothing more was sent. */
async function afterBatch(sockets: ClientSocket[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  await inBatches(sockets, (socket) => settle(socket));
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 30_000) throw new Error(`${what} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const bytes = (event: unknown) => Buffer.byteLength(JSON.stringify(event));

beforeAll(async () => {
  server = await startServer();
  const owner = await server.client('Owner');
  roomId = (await call(owner, 'room:create', { name: 'everyone' })).room.id;
  const join = async (i: number) => {
    const socket = await server.client(`member${i}`);
    await call(socket, 'room:join', { roomId });
    return socket;
  };
  listeners = await inBatches(range(0, LISTENERS), join);
  // The others go offline as soon as they joined: 1,000 members online would make setting up quadratic.
  offline = await inBatches(range(LISTENERS, MEMBERS), async (i) => {
    const socket = await join(i);
    socket.disconnect();
    return socket.session;
  });
  owner.disconnect();
  await afterBatch(listeners);
});
afterAll(() => server.close());

describe(`presence in a ${MEMBERS}-member room`, () => {
  it('sends each online member one small change when a member comes online, not the online list', async () => {
    const heard = listeners.map((socket) => collect(socket, 'presence:changed'));
    const session = offline[0] as SessionResponse;
    const socket = await server.connect(session.token);
    await waitUntil(() => heard.every((events) => events.length >= 1), 'not every member heard the arrival');
    await afterBatch(listeners);

    for (const events of heard) expect(events).toEqual([{ roomId, came: [session.user], went: [] }]);
    const largest = Math.max(...heard.flat().map(bytes));
    // One user's id and nickname: the v1 event carried the 101 users online here, about 6 KB.
    expect(largest).toBeLessThan(200);
    const joined = await call(socket, 'room:join', { roomId });
    expect(joined.online).toHaveLength(LISTENERS + 1);
    socket.disconnect();
    await waitUntil(() => heard.every((events) => events.length >= 2), 'not every member heard the departure');
  });

  it('sends a newcomer’s arrival as one small change and one member:joined', async () => {
    const presence = listeners.map((socket) => collect(socket, 'presence:changed'));
    const memberJoined = listeners.map((socket) => collect(socket, 'member:joined'));
    const newcomer = await server.client('Newcomer');
    await call(newcomer, 'room:join', { roomId });
    await waitUntil(() => presence.every((events) => events.length >= 1), 'not every member heard the newcomer');
    await afterBatch(listeners);

    for (const events of presence) expect(events).toEqual([{ roomId, came: [newcomer.session.user], went: [] }]);
    for (const events of memberJoined) expect(events).toEqual([{ roomId, user: newcomer.session.user }]);
    expect(Math.max(...[...presence, ...memberJoined].flat().map(bytes))).toBeLessThan(200);
    newcomer.disconnect();
    await waitUntil(() => presence.every((events) => events.length >= 2), 'not every member heard the departure');
  });

  it(`batches a storm of ${STORM} reconnects into a few events per room, each user once`, async () => {
    const heard = listeners.map((socket) => collect(socket, 'presence:changed'));
    const storm = offline.slice(1, STORM + 1);
    const sockets = await Promise.all(storm.map((session) => server.connect(session.token)));
    const cameIds = (events: PresenceChange[]) => events.flatMap((event) => event.came.map((user) => user.id));
    await waitUntil(() => heard.every((events) => cameIds(events).length >= STORM), 'the storm was not announced');
    await afterBatch(listeners);

    const expected = storm.map((session) => session.user.id).sort();
    for (const events of heard) {
      expect(cameIds(events).sort()).toEqual(expected);
      expect(events.every((event) => event.roomId === roomId && event.went.length === 0)).toBe(true);
      // One event per user would be 200; batches of 50 ms make a handful (the count depends on the machine's pace).
      expect(events.length).toBeLessThan(STORM / 4);
    }
    for (const socket of sockets) socket.disconnect();
    const wentIds = (events: PresenceChange[]) => events.flatMap((event) => event.went);
    await waitUntil(() => heard.every((events) => wentIds(events).length >= STORM), 'the departures were not heard');
  });

  it('announces nothing when a member already online connects or drops a second device', async () => {
    const heard = listeners.slice(1).map((socket) => collect(socket, 'presence:changed'));
    const first = listeners[0] as ClientSocket & { session: SessionResponse };
    const secondDevice = await server.connect(first.session.token);
    await afterBatch(listeners);
    secondDevice.disconnect();
    await afterBatch(listeners);
    for (const events of heard) expect(events).toEqual([]);
  });
});
