import { HEALTH_PATH } from '@tandem/protocol';
import { getJson } from '../../platform/http';
import type { ChatSocket } from '../../platform/socket';
import type { OutboxSender } from '../outbox/sender';
import type { ConnectionDriver } from './driver';
import { request } from './request';

/** The connection manager's hands on one runtime's socket: connect, probe, flush before suspending, sign out. */
export function socketDriver(
  socket: ChatSocket,
  outbox: OutboxSender,
  serverUrl: string,
  onUnauthorized: () => void,
): ConnectionDriver {
  return {
    connect: () => void socket.connect(),
    disconnect: () => void socket.disconnect(),
    dropTransport: () => socket.io.engine?.close(),
    isConnected: () => socket.connected,
    probe: async () => (await request(socket, 'room:list', {}, 5000)).ok,
    healthy: async () => (await getJson(serverUrl.replace(/\/+$/, '') + HEALTH_PATH)).status === 200,
    flushBeforeSuspend: (budgetMs: number) => {
      outbox.flush();
      return outbox.whenIdle(budgetMs);
    },
    onUnauthorized,
  };
}
