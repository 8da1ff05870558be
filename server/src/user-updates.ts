import type { User } from '@tandem/protocol';
import { roomKey, userKey } from './io';
import type { TypedServer } from './io';
import type { Logger } from './logger';
import type { Store } from './store/types';

/**
 * A changed display name or avatar, made visible everywhere: the user's live sockets on every node carry the new
 * user from now on (their next messages name it), and the rooms it is a member of and its own sockets hear
 * `user:updated`. A socket's user lives in its `socket.data`, which only its own node can change: the other nodes
 * hear an inter-server event (`serverSideEmit`, through the cluster adapter) and update their sockets.
 */
export class UserUpdates {
  constructor(
    private readonly io: TypedServer,
    private readonly store: Store,
    private readonly logger: Logger,
    /** Other nodes share the adapter (cluster/): they hear the change too. */
    private readonly clustered: boolean,
  ) {
    if (clustered) io.on('user:updated', (user) => this.refreshLocalSockets(user));
  }

  async announce(user: User): Promise<void> {
    this.refreshLocalSockets(user);
    if (this.clustered) this.io.serverSideEmit('user:updated', user);
    try {
      const roomIds = await this.store.listRoomIdsOf(user.id);
      this.io.to([userKey(user.id), ...roomIds.map(roomKey)]).emit('user:updated', { user });
    } catch (error) {
      // The change is stored and the sockets carry it; members see it in their next member list or message.
      this.logger.error({ err: error, userId: user.id }, 'user:updated not announced');
    }
  }

  private refreshLocalSockets(user: User): void {
    const namespace = this.io.of('/');
    for (const socketId of namespace.adapter.rooms.get(userKey(user.id)) ?? []) {
      const socket = namespace.sockets.get(socketId);
      if (socket) socket.data.user = user;
    }
  }
}
