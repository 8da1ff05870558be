import type * as AccountService from '../../src/services';
import type * as ChatService from '../../src/services';
import type * as ConnectionStores from '../../src/stores/connection';
import type * as MessagesStores from '../../src/stores/messages';
import type * as OutboxStores from '../../src/stores/outbox';
import type * as PresenceStores from '../../src/stores/presence';
import type * as RoomsStores from '../../src/stores/rooms';
import type * as SessionStores from '../../src/stores/session';
import type * as TaroStandIn from '../stubs/taro';
import type { ChatMessage } from '../../src/stores/messages';

/**
 * One install of the app on its own phone: the client's real stores and socket service, loaded in a module
 * registry of their own (jest.isolateModulesAsync), over storage of their own. The services and stores are module
 * singletons, as in the app; isolating the registry is what lets several clients live in one jest process.
 */
export interface App {
  platform: 'h5' | 'weapp';
  storage: DeviceStorage;
  chat: typeof ChatService;
  account: typeof AccountService;
  connectionStore: typeof ConnectionStores.connectionStore;
  messagesStore: typeof MessagesStores.messagesStore;
  outboxStore: typeof OutboxStores.outboxStore;
  presenceStore: typeof PresenceStores.presenceStore;
  roomsStore: typeof RoomsStores.roomsStore;
  sessionStore: typeof SessionStores.sessionStore;
  /** This app's Taro stand-in: network and lifecycle events. */
  taro: typeof TaroStandIn.taroStub;
}

/**
 * The phone's storage (what the Taro stand-in's get/setStorageSync read and write). `kill()` is the app's process
 * dying: nothing it does afterwards reaches the disk; `reopen()` is what the next launch finds there.
 */
export class DeviceStorage extends Map<string, unknown> {
  private dead = false;

  kill(): void {
    this.dead = true;
  }

  reopen(): DeviceStorage {
    const next = new DeviceStorage();
    for (const [key, value] of this) next.set(key, value);
    return next;
  }

  override set(key: string, value: unknown): this {
    if (!this.dead) super.set(key, value);
    return this;
  }

  override delete(key: string): boolean {
    return this.dead ? false : super.delete(key);
  }

  override clear(): void {
    if (!this.dead) super.clear();
  }
}

type ConnectSocket = typeof TaroStandIn.default.connectSocket;

/**
 * Wraps the stand-in's `connectSocket` (a SocketTask over `ws`) and counts the tasks not yet fully closed, as
 * WeChat does for its cap of 5. It counts and never refuses, so a client that opens too many is seen, not helped.
 */
export class SocketTaskCounter {
  opened = 0;
  live = 0;
  maxLive = 0;

  wrap(connectSocket: ConnectSocket): ConnectSocket {
    return async (options) => {
      const task = await connectSocket(options);
      this.opened += 1;
      this.live += 1;
      this.maxLive = Math.max(this.maxLive, this.live);
      let closed = false;
      task.onClose(() => {
        if (closed) return;
        closed = true;
        this.live -= 1;
      });
      return task;
    };
  }
}

export interface LaunchOptions {
  platform: 'h5' | 'weapp';
  storage: DeviceStorage;
  /** For `weapp`: counts the SocketTasks the app opens. */
  tasks?: SocketTaskCounter;
}

const globalState = globalThis as { __taroStubStorage?: Map<string, unknown> };

/**
 * Loads a fresh copy of the app over `storage`. `weapp` swaps platform/socket for platform/socket.weapp (the mini
 * program transport over the stand-in's ws-backed `Taro.connectSocket`), as Taro's platform files do in the build.
 */
export async function launchApp({ platform, storage, tasks }: LaunchOptions): Promise<App> {
  // The stand-in takes its storage from here when it is first imported (see test/stubs/taro.ts).
  const previousStorage = globalState.__taroStubStorage;
  globalState.__taroStubStorage = storage;
  let app: App | undefined;
  try {
    await jest.isolateModulesAsync(async () => {
      const taro = await import('../stubs/taro');
      if (platform === 'weapp') {
        if (tasks) taro.default.connectSocket = tasks.wrap(taro.default.connectSocket);
        jest.doMock('../../src/platform/socket', () => jest.requireActual('../../src/platform/socket.weapp'));
      }
      app = {
        platform,
        storage,
        chat: await import('../../src/services'),
        account: await import('../../src/services'),
        connectionStore: (await import('../../src/stores/connection')).connectionStore,
        messagesStore: (await import('../../src/stores/messages')).messagesStore,
        outboxStore: (await import('../../src/stores/outbox')).outboxStore,
        presenceStore: (await import('../../src/stores/presence')).presenceStore,
        roomsStore: (await import('../../src/stores/rooms')).roomsStore,
        sessionStore: (await import('../../src/stores/session')).sessionStore,
        taro: taro.taroStub,
      };
    });
  } finally {
    jest.dontMock('../../src/platform/socket');
    globalState.__taroStubStorage = previousStorage;
  }
  if (!app) throw new Error('the app did not load');
  return app;
}

/**
 * The app's process dies: storage first (nothing more is written), then its connections drop without a goodbye
 * (`dropConnections`, e.g. cutting its proxy), then its timers are stopped so the dead copy stays quiet.
 */
export function killApp(app: App, dropConnections: () => void): void {
  app.storage.kill();
  dropConnections();
  app.chat.stopChat();
}

/** The room as the app shows it: messages in display order. */
export function timelineOf(app: App, roomId: string): ChatMessage[] {
  const room = app.messagesStore.getState().rooms[roomId];
  return room ? room.keys.flatMap((key) => room.byKey[key] ?? []) : [];
}
