/**
 * Type-level tests of the event maps: checked by `tsc --noEmit` (the package's typecheck), never run. Each
 * `@ts-expect-error` fails the typecheck if the line below it stops being an error.
 */
import type {
  Ack,
  ClientConfig,
  ClientToServerEvents,
  ErrorCode,
  Message,
  RequestInput,
  RequestPayload,
  ResultOf,
  ServerToClientEvents,
} from '../src';

declare const client: ClientToServerEvents;
declare const server: ServerToClientEvents;
declare const message: Message;
const ignore = (): void => undefined;

// Requests: payloads.
client['room:list']({}, ignore);
client['room:create']({ name: 'General' }, ignore);
client['room:create']({ name: 'General', visibility: 'private' }, ignore);
// @ts-expect-error the name is required
client['room:create']({}, ignore);
// @ts-expect-error the name is a string
client['room:create']({ name: 42 }, ignore);
// @ts-expect-error visibility is public or private
client['room:create']({ name: 'General', visibility: 'hidden' }, ignore);
client['room:join']({ roomId: 'r', afterSeq: 3, inviteCode: 'code' }, ignore);
// @ts-expect-error afterSeq is a number
client['room:join']({ roomId: 'r', afterSeq: '3' }, ignore);
client['message:send']({ roomId: 'r', clientId: 'c', text: 'hi' }, ignore);
// @ts-expect-error the clientId is required
client['message:send']({ roomId: 'r', text: 'hi' }, ignore);
client['message:history']({ roomId: 'r', beforeSeq: 10, limit: 20 }, ignore);
// @ts-expect-error limit is a number
client['message:history']({ roomId: 'r', limit: 'all' }, ignore);
client['message:search']({ query: '你好', roomId: 'r', limit: 20, cursor: 'c' }, ignore);
// @ts-expect-error the query is required
client['message:search']({ roomId: 'r' }, ignore);
// @ts-expect-error typing is a boolean
client['typing:update']({ roomId: 'r', typing: 1 });
// @ts-expect-error no such event
void client['room:destroy'];

// Requests: acks. Every request but typing:update needs one.
client['typing:update']({ roomId: 'r', typing: true });
// @ts-expect-error message:send needs an ack
client['message:send']({ roomId: 'r', clientId: 'c', text: 'hi' });
// @ts-expect-error room:join needs an ack
client['room:join']({ roomId: 'r' });

client['message:send']({ roomId: 'r', clientId: 'c', text: 'hi' }, (ack) => {
  if (ack.ok) {
    const seq: number = ack.data.message.seq;
    void seq;
    // @ts-expect-error a send result carries the message, not a list
    void ack.data.messages;
  } else {
    const code: ErrorCode = ack.error.code;
    void code;
    // @ts-expect-error an error ack has no data
    void ack.data;
  }
});
client['room:join']({ roomId: 'r' }, (ack) => {
  if (ack.ok) {
    const hasMore: boolean = ack.data.hasMore;
    const onlineIds: string[] = ack.data.online.map((user) => user.id);
    void [hasMore, onlineIds];
  }
});

// A server-side listener must answer with the event's ack data and a known code.
export const listRooms: ClientToServerEvents['room:list'] = (_payload, ack) => ack({ ok: true, data: { rooms: [] } });
// @ts-expect-error rooms must be an array of rooms
export const wrongData: ClientToServerEvents['room:list'] = (_payload, ack) => ack({ ok: true, data: { rooms: 'x' } });
export const wrongCode: ClientToServerEvents['room:leave'] = (_payload, ack) =>
  // @ts-expect-error TEAPOT is not an error code
  ack({ ok: false, error: { code: 'TEAPOT', message: 'no' } });

// Input vs output types: defaults and trimming apply after validation.
export const createInput: RequestInput<'room:create'> = { name: 'x' };
export const createPayload: RequestPayload<'room:create'> = { name: 'x', visibility: 'public' };
// @ts-expect-error after validation the visibility is always set
export const missingDefault: RequestPayload<'room:create'> = { name: 'x' };
export const historyResult: ResultOf<'message:history'> = { messages: [message], hasMore: false };
export const inviteAck: Ack<ResultOf<'room:invite'>> = { ok: true, data: { code: 'c', expiresAt: 1 } };

// Server to client.
server['message:created'](message);
server['member:joined']({ roomId: 'r', user: message.sender });
server['presence:updated']({ roomId: 'r', online: [message.sender] });
server['typing:updated']({ roomId: 'r', user: message.sender, typing: false });
// @ts-expect-error member events carry the user
server['member:left']({ roomId: 'r' });
// @ts-expect-error presence lists users, not ids
server['presence:updated']({ roomId: 'r', online: ['u1'] });
// @ts-expect-error a created message is a full message
server['message:created']({ text: 'hi' });

// HTTP answers.
export const clientConfig: ClientConfig = { wechatSignIn: false, protocolVersion: 1 };
// @ts-expect-error a client of this contract only talks to a server of the same protocol version
export const otherVersion: ClientConfig = { wechatSignIn: false, protocolVersion: 2 };

// Read state.
client['read:mark']({ roomId: 'r', seq: 3 }, (ack) => {
  if (ack.ok) {
    const readSeq: number = ack.data.readSeq;
    void readSeq;
  }
});
// @ts-expect-error read:mark needs an ack
client['read:mark']({ roomId: 'r', seq: 3 });
// @ts-expect-error the seq is a number
client['read:mark']({ roomId: 'r', seq: '3' }, ignore);
server['read:updated']({ roomId: 'r', readSeq: 3 });
// @ts-expect-error the fact carries readSeq, not seq
server['read:updated']({ roomId: 'r', seq: 3 });
client['read:receipts']({ roomId: 'r' }, (ack) => {
  if (ack.ok) {
    const reads: { userId: string; readSeq: number }[] = ack.data.reads;
    void reads;
  }
});
// @ts-expect-error read:receipts needs a room id
client['read:receipts']({}, ignore);
server['read:receipts']({ roomId: 'r', reads: [{ userId: 'u', readSeq: 3 }] });
// @ts-expect-error each read position names its user
server['read:receipts']({ roomId: 'r', reads: [{ readSeq: 3 }] });
server['user:updated']({ user: { id: 'u', nickname: 'Ann', avatar: '/api/avatars/u?v=1' } });
server['user:updated']({ user: { id: 'u', nickname: 'Ann' } });
// @ts-expect-error the fact carries the whole user, not its fields
server['user:updated']({ id: 'u', nickname: 'Ann' });

// Owners and safety (issue 12).
client['room:kick']({ roomId: 'r', userId: 'u' }, ignore);
// @ts-expect-error an owner action names the person
client['room:ban']({ roomId: 'r' }, ignore);
client['room:rename']({ roomId: 'r', name: 'Hall' }, (ack) => {
  if (ack.ok) {
    const ownerId: string = ack.data.room.ownerId;
    void ownerId;
  }
});
client['message:report']({ roomId: 'r', messageId: 'm', reason: 'spam' }, ignore);
server['room:removed']({ roomId: 'r', reason: 'kicked' });
// @ts-expect-error a removal is kicked or banned
server['room:removed']({ roomId: 'r', reason: 'left' });
server['blocks:updated']({ users: [{ id: 'u', nickname: 'Ann' }] });
client['message:edit']({ roomId: 'r', messageId: 'm', text: 'fixed' }, ignore);
// @ts-expect-error message:recall needs the messageId
client['message:recall']({ roomId: 'r' }, ignore);
server['message:updated']({ message });
// @ts-expect-error message:updated carries { message }, not the bare message
server['message:updated'](message);
