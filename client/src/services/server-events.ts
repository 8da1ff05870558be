import { draftsStore } from '../stores/drafts';
import { messagesStore } from '../stores/messages';
import { presenceStore } from '../stores/presence';
import { roomsStore } from '../stores/rooms';
import type { ChatSocket } from '../platform/socket';
import * as outbox from './outbox';
import * as sync from './sync';
import * as typing from './typing';

/**
 * The facts the server announces, written into the stores. Registered once per socket by the socket service;
 * `ownId` is read at each event, so a new sign-in needs no new listeners.
 */
export function listenToServerEvents(socket: ChatSocket, ownId: () => string | null): void {
  socket.on('message:created', (message) => {
    const gap = messagesStore.getState().received(message.roomId, [message]);
    outbox.settle(message, ownId());
    typing.typingEndedBy(message.roomId, message.sender.id);
    if (gap) void sync.fillGap(socket, message.roomId, ownId());
  });
  socket.on('member:joined', ({ roomId, user }) => {
    presenceStore.getState().memberJoined(roomId, user);
    patchMemberCount(roomId);
  });
  socket.on('member:left', ({ roomId, user }) => {
    // Left on another device: forgotten here too, as a local leave does (a re-join would undo the leave).
    if (user.id === ownId()) {
      sync.forgetRoom(roomId);
      draftsStore.getState().clearDraft(roomId);
      return;
    }
    presenceStore.getState().memberLeft(roomId, user.id);
    patchMemberCount(roomId);
  });
  socket.on('presence:updated', ({ roomId, online }) => {
    presenceStore.getState().onlineChanged(roomId, online);
    roomsStore.getState().patchRoom(roomId, { onlineCount: online.length });
  });
  socket.on('typing:updated', (event) => typing.typingReceived(event, ownId()));
}

function patchMemberCount(roomId: string): void {
  const members = presenceStore.getState().members[roomId];
  if (members) roomsStore.getState().patchRoom(roomId, { memberCount: members.length });
}
