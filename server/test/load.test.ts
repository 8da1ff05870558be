import { call, collect, roomWith, settle, startServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

const SENDS_PER_CLIENT = 200;

describe('many clients sending into one room at once', () => {
  it('assigns gapless seqs and delivers every message to every peer once, in seq order', async () => {
    const clients = await Promise.all(['Ann', 'Bob', 'Carol'].map((name) => server.client(name)));
    const [ann, ...others] = clients;
    if (!ann) throw new Error('no clients');
    const roomId = await roomWith(ann, others);
    const heard = clients.map((client) => collect(client, 'message:created'));

    const acked = await Promise.all(
      clients.map((client, c) =>
        Promise.all(
          Array.from({ length: SENDS_PER_CLIENT }, (_, i) =>
            call(client, 'message:send', { roomId, clientId: `client${c}-${i}`, text: `${c}:${i}` }),
          ),
        ),
      ),
    );
    await settle(...clients);

    const total = clients.length * SENDS_PER_CLIENT;
    const allSeqs = acked.flat().map(({ message }) => message.seq);
    expect([...allSeqs].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const messages of heard) {
      expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
    // Each sender's pipelined messages keep their sending order.
    for (const acks of acked) {
      const senderSeqs = acks.map(({ message }) => message.seq);
      expect(senderSeqs).toEqual([...senderSeqs].sort((a, b) => a - b));
    }
    const { room } = await call(ann, 'room:join', { roomId });
    expect(room.lastSeq).toBe(total);
  });
});
