import type { Message, SessionEnded } from '@tandem/protocol';
import { createSocket } from '../../platform/socket';
import type { ChatSocket } from '../../platform/socket';
import { presenceStore } from '../../stores/presence';
import { roomsStore } from '../../stores/rooms';
import { sessionStore } from '../../stores/session';
import { draftsStore } from '../../stores/drafts';
import { OutboxSender } from '../outbox/sender';
import type { OutboxOptions } from '../outbox/sender';
import { joinWithInvite } from '../rooms/invites';
import { loadBlocks } from '../session/blocks';
import { safetyStore } from '../../stores/safety';
import { ReadSync } from '../rooms/reads';
import { ReceiptSync } from '../rooms/receipts';
import type { ReadSyncOptions } from '../rooms/reads';
import { TypingTracker } from '../rooms/typing';
import { refreshSession } from '../session/http';
import { SessionRefresher } from '../session/refresh';
import type { SessionRefresherOptions } from '../session/refresh';
import { messagesArrived } from '../sync/arrivals';
import { liveChangeApplied } from '../sync/changes';
import { forgetRoom } from '../sync/room-list';
import { RoomSync } from '../sync/room-sync';
import type { SyncOptions } from '../sync/room-sync';
import type { Link } from './link';
import { ConnectionManager } from './manager';
import type { ConnectionManagerOptions } from './driver';
import { listenToServerEvents } from './server-events';
import { socketDriver } from './socket-driver';

export interface ChatConfig {
  serverUrl: string;
  connection: ConnectionManagerOptions;
  refresh: SessionRefresherOptions;
  outbox: OutboxOptions;
  sync: SyncOptions;
  reads?: ReadSyncOptions;
}

/** What only the session layer can do. */
export interface RuntimeHooks {
  /** The session is over (token refused, signed out on the server): forget it on this device. */
  signOut(): void;
}

/**
 * Everything one signed-in session holds while it runs: the socket and its listeners, the connection's generation,
 * the outbox sender, room sync, typing timers, reconnection and token renewal. Created at sign-in (or at launch
 * with a stored session) and disposed at sign-out; nothing of it outlives `dispose()`. The outbox and sync options
 * are read from `config` when used (tests tune them mid-run); the rest when the runtime is built.
 */
export class ChatRuntime implements Link {
  readonly socket: ChatSocket;
  readonly outbox: OutboxSender;
  readonly sync: RoomSync;
  readonly typing: TypingTracker;
  readonly reads: ReadSync;
  readonly receipts: ReceiptSync;
  private readonly manager: ConnectionManager;
  private readonly refresher: SessionRefresher;
  private connectionGeneration = 0;

  constructor(
    private readonly config: ChatConfig,
    private readonly hooks: RuntimeHooks,
  ) {
    this.socket = createSocket(config.serverUrl, { auth: () => ({ token: sessionStore.getState().token ?? '' }) });
    this.outbox = new OutboxSender(
      this,
      () => this.config.outbox,
      (message) => this.received(message.roomId, [message]),
    );
    this.sync = new RoomSync(this, () => this.config.sync);
    this.typing = new TypingTracker(this);
    this.reads = new ReadSync(this, config.reads);
    this.receipts = new ReceiptSync(this);
    const driver = socketDriver(this.socket, this.outbox, config.serverUrl, () => this.hooks.signOut());
    this.manager = new ConnectionManager(driver, config.connection);
    this.refresher = new SessionRefresher(
      {
        refresh: (token) => refreshSession(this.config.serverUrl, token),
        onRefused: () => this.hooks.signOut(),
        onRefreshed: () => this.manager.release(),
      },
      config.refresh,
    );
    this.listen();
  }

  generation(): number {
    return this.connectionGeneration;
  }

  ownId(): string | null {
    return sessionStore.getState().user?.id ?? null;
  }

  start(): void {
    this.manager.start();
    this.refresher.start();
  }

  /** Closes the socket and stops every timer; stores and storage stay (sign-out clears those). */
  dispose(): void {
    this.manager.stop();
    this.refresher.stop();
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.connectionLost();
    this.outbox.dispose();
    this.sync.dispose();
    this.reads.dispose();
    this.receipts.dispose();
  }

  reconnectNow(): void {
    this.manager.reconnectNow();
  }

  /** Stored messages from an ack or a broadcast: merged, and any seq gap they reveal is fetched. */
  received(roomId: string, messages: readonly Message[]): void {
    if (messagesArrived(roomId, messages, this.ownId())) void this.sync.fillGap(roomId);
  }

  /** An edit, recall or delete from an ack or a broadcast: applied, or caught up on when heard out of order. */
  changed(message: Message): void {
    if (!liveChangeApplied(message)) void this.sync.changes.queue(message.roomId);
  }

  private listen(): void {
    this.socket.on('connect', () => {
      this.manager.connected();
      // Timers stop while a mini program is in the background: a reconnect is the moment to look again.
      this.refresher.check();
      this.outbox.flush();
      this.reads.connected();
      this.receipts.connected();
      void loadBlocks(this.socket);
      // Lists the rooms (dropping those left on another device) before re-joining the others.
      void this.sync.syncJoinedRooms();
      // A room opened (from a link) before the connection came up.
      const { activeRoomId, joinedIds } = roomsStore.getState();
      if (activeRoomId && !joinedIds.includes(activeRoomId)) void joinWithInvite(this.sync, activeRoomId);
    });
    this.socket.on('disconnect', (reason) => {
      this.connectionLost();
      this.manager.disconnected(reason);
    });
    this.socket.on('connect_error', (error) => this.manager.connectFailed(error));
    listenToServerEvents(this.socket, {
      ownId: () => this.ownId(),
      messageCreated: (message) => {
        this.received(message.roomId, [message]);
        this.typing.typingEndedBy(message.roomId, message.sender.id);
      },
      // A conversation another person opened: listed, and its messages loaded, as a room joined here.
      roomAdded: (room) => {
        roomsStore.getState().joined(room);
        void this.sync.syncRoom(room.id);
      },
      // Left on another device: forgotten here too, as a local leave does (a re-join would undo the leave).
      leftElsewhere: (roomId) => {
        forgetRoom(roomId);
        draftsStore.getState().clearDraft(roomId);
      },
      removedFromRoom: ({ roomId, reason }) => {
        this.typing.setTyping(roomId, false);
        forgetRoom(roomId);
        draftsStore.getState().clearDraft(roomId);
        safetyStore.getState().removed(roomId, reason);
      },
      messageUpdated: (message) => this.changed(message),
      typingReceived: (event) => this.typing.typingReceived(event),
      sessionEnded: (event) => this.sessionEnded(event),
    });
  }

  /** `session:ended` comes right before the server closes the socket. */
  private sessionEnded({ reason }: SessionEnded): void {
    if (reason === 'signed_out') {
      this.hooks.signOut();
      return;
    }
    // token_expired: no handshake until a fresh token is stored (the old one would be refused, and that signs out).
    this.manager.hold();
    this.refresher.check(true);
  }

  private connectionLost(): void {
    this.connectionGeneration += 1;
    this.outbox.connectionLost();
    this.typing.reset();
    presenceStore.getState().connectionLost();
  }
}
