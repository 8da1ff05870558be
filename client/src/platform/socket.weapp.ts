import Taro from '@tarojs/taro';
import { io } from 'socket.io-client';
import { createMiniProgramTransport } from '@tandem/socket.io-client-mp';
import { baseSocketOptions } from './socket-options';
import type { ChatSocket, CreateSocketOptions, Unsubscribe } from './socket-options';

export type { ChatSocket, CreateSocketOptions, Unsubscribe } from './socket-options';

// A mini program has no WebSocket or XMLHttpRequest global: engine.io runs over Taro.connectSocket instead.
const MiniProgramTransport = createMiniProgramTransport({
  connectSocket: Taro.connectSocket,
});

export function createSocket(url: string, options: CreateSocketOptions): ChatSocket {
  return io(url, { ...baseSocketOptions(options), transports: [MiniProgramTransport] });
}

// WeChat has no way to remove a global onSocketClose callback: register one and fan out.
const systemCloseListeners = new Set<() => void>();
let systemCloseHooked = false;

/** WeChat may skip a SocketTask's onClose after a background close while the global close event fires. */
export function onSystemSocketClose(listener: () => void): Unsubscribe {
  if (!systemCloseHooked) {
    systemCloseHooked = true;
    Taro.onSocketClose(() => {
      for (const notify of [...systemCloseListeners]) notify();
    });
  }
  systemCloseListeners.add(listener);
  return () => systemCloseListeners.delete(listener);
}
