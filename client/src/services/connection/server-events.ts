import * as v from 'valibot';
import { serverEvents } from '@tandem/protocol';
import type { Message, Room, RoomRemoved, SessionEnded, TypingUpdate } from '@tandem/protocol';
import type { ChatSocket } from '../../platform/socket';
import { presenceStore } from '../../stores/presence';
import { profilesStore } from '../../stores/profiles';
import { receiptsStore } from '../../stores/receipts';
import { sessionStore } from '../../stores/session';
import { roomsStore } from '../../stores/rooms';
import { safetyStore } from '../../stores/safety';

/** What the facts lead to beyond the presence stores: the runtime's part. */
export interface ServerEventHandlers {
  messageCreated(message: Message): void;
  /** A message was edited, recalled or deleted. */
  messageUpdated(message: Message): void;
  /** The user became a member without asking here: a direct conversation another person opened. */
  roomAdded(room: Room): void;
  /** The user left `roomId` on another device. */
  leftElsewhere(roomId: string): void;
  /** The room's owner removed the user (on every device): the room is dropped here. */
  removedFromRoom(event: RoomRemoved): void;
  typingReceived(event: TypingUpdate): void;
  /** The server is about to close the socket on purpose. */
  sessionEnded(event: SessionEnded): void;
  ownId(): string | null;
}

type ServerEvent = keyof typeof serverEvents;
type Payload<E extends ServerEvent> = v.InferOutput<(typeof serverEvents)[E]>;
interface UntypedListeners {
  on(event: string, listener: (payload: unknown) => void): void;
}

/** Listens to `event`, passing on only payloads that match the protocol's schema (others are logged and dropped). */
function listen<E extends ServerEvent>(socket: ChatSocket, event: E, handle: (payload: Payload<E>) => void): void {
  // Typed by the schema rather than by socket.io's generics: what arrives is checked before it is believed.
  (socket as unknown as UntypedListeners).on(event, (payload) => {
    const parsed = v.safeParse(serverEvents[event], payload);
    if (parsed.success) handle(parsed.output);
    else console.error(`[server-events] malformed ${event} dropped: ${v.summarize(parsed.issues)}`, payload);
  });
}

/** The facts the server announces, checked against the protocol and written into the stores or handed on. */
export function listenToServerEvents(socket: ChatSocket, handlers: ServerEventHandlers): void {
  listen(socket, 'message:created', (message) => {
    // A sender has read its own message: the server moved its position, and says so only here.
    receiptsStore.getState().moved(message.roomId, [{ userId: message.sender.id, readSeq: message.seq }]);
    handlers.messageCreated(message);
  });
  listen(socket, 'message:updated', ({ message }) => handlers.messageUpdated(message));
  listen(socket, 'room:added', ({ room }) => handlers.roomAdded(room));
  listen(socket, 'member:joined', ({ roomId, user }) => {
    presenceStore.getState().memberJoined(roomId, user);
    patchMemberCount(roomId);
  });
  listen(socket, 'member:left', ({ roomId, user }) => {
    if (user.id === handlers.ownId()) return handlers.leftElsewhere(roomId);
    presenceStore.getState().memberLeft(roomId, user.id);
    patchMemberCount(roomId);
  });
  listen(socket, 'presence:changed', ({ roomId, came, went }) => {
    presenceStore.getState().presenceChanged(roomId, came, went);
    patchOnlineCount(roomId);
  });
  // Protocol v1 servers send the whole list instead.
  listen(socket, 'presence:updated', ({ roomId, online }) => {
    presenceStore.getState().onlineChanged(roomId, online);
    patchOnlineCount(roomId);
  });
  // Owners and safety (issue 12): a renamed or handed-over room, a removal, the block list changed elsewhere.
  listen(socket, 'room:updated', ({ room }) =>
    roomsStore.getState().patchRoom(room.id, { name: room.name, ownerId: room.ownerId }),
  );
  listen(socket, 'room:removed', (event) => handlers.removedFromRoom(event));
  listen(socket, 'blocks:updated', ({ users }) => safetyStore.getState().blocksLoaded(users));
  listen(socket, 'typing:updated', (event) => handlers.typingReceived(event));
  listen(socket, 'session:ended', (event) => handlers.sessionEnded(event));
  // Read on another device of the user: the badge here follows.
  listen(socket, 'read:updated', ({ roomId, readSeq }) => roomsStore.getState().readOnServer(roomId, readSeq));
  listen(socket, 'read:receipts', ({ roomId, reads }) => receiptsStore.getState().moved(roomId, reads));
  // A new display name or avatar: shown wherever the user appears, old messages included (stores/profiles.ts).
  listen(socket, 'user:updated', ({ user }) => {
    profilesStore.getState().updated(user);
    presenceStore.getState().userUpdated(user);
    sessionStore.getState().profileChanged(user);
  });
}

function patchMemberCount(roomId: string): void {
  const members = presenceStore.getState().members[roomId];
  if (members) roomsStore.getState().patchRoom(roomId, { memberCount: members.length });
}

function patchOnlineCount(roomId: string): void {
  const online = presenceStore.getState().online[roomId];
  if (online) roomsStore.getState().patchRoom(roomId, { onlineCount: online.length });
}
