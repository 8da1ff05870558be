import type { User } from '@tandem/protocol';

/**
 * Who is online, per room. A user is online while at least one of its sockets is connected, so a user with several
 * devices counts once. Every method reports whether a room's set of online members changed, so callers announce
 * only real changes (see presence-changes.ts). In-process state: one server instance owns its sockets.
 */
export class Presence {
  private readonly socketCounts = new Map<string, number>();
  /** The rooms of each online user; kept current by `joined` / `left`. */
  private readonly roomsByUser = new Map<string, Set<string>>();
  private readonly onlineByRoom = new Map<string, Map<string, User>>();

  /**
   * A socket of `user` connected. `roomIds` are the user's rooms as loaded at the handshake; when the user is already
   * online the tracked set wins (a join on another device may have happened meanwhile). Returns the user's rooms and
   * whether the user just came online (its rooms' online sets changed).
   */
  connect(user: User, roomIds: Iterable<string>): { roomIds: string[]; cameOnline: boolean } {
    const count = this.socketCounts.get(user.id) ?? 0;
    this.socketCounts.set(user.id, count + 1);
    if (count > 0) return { roomIds: [...(this.roomsByUser.get(user.id) ?? [])], cameOnline: false };
    const rooms = new Set(roomIds);
    this.roomsByUser.set(user.id, rooms);
    for (const roomId of rooms) this.addOnline(roomId, user);
    return { roomIds: [...rooms], cameOnline: true };
  }

  /** A socket of the user disconnected. On the last one, returns the rooms the user went offline in. */
  disconnect(userId: string): string[] {
    const count = (this.socketCounts.get(userId) ?? 0) - 1;
    if (count > 0) {
      this.socketCounts.set(userId, count);
      return [];
    }
    this.socketCounts.delete(userId);
    const rooms = [...(this.roomsByUser.get(userId) ?? [])];
    this.roomsByUser.delete(userId);
    for (const roomId of rooms) this.removeOnline(roomId, userId);
    return rooms;
  }

  /** The user became a member of the room; true if it is online and was not counted there yet. */
  joined(roomId: string, user: User): boolean {
    const rooms = this.roomsByUser.get(user.id);
    if (!rooms || rooms.has(roomId)) return false;
    rooms.add(roomId);
    this.addOnline(roomId, user);
    return true;
  }

  /** The user stopped being a member; true if it was counted online there. */
  left(roomId: string, userId: string): boolean {
    const rooms = this.roomsByUser.get(userId);
    if (!rooms?.delete(roomId)) return false;
    this.removeOnline(roomId, userId);
    return true;
  }

  online(roomId: string): User[] {
    return [...(this.onlineByRoom.get(roomId)?.values() ?? [])];
  }

  onlineCount(roomId: string): number {
    return this.onlineByRoom.get(roomId)?.size ?? 0;
  }

  private addOnline(roomId: string, user: User): void {
    let online = this.onlineByRoom.get(roomId);
    if (!online) this.onlineByRoom.set(roomId, (online = new Map()));
    online.set(user.id, user);
  }

  private removeOnline(roomId: string, userId: string): void {
    const online = this.onlineByRoom.get(roomId);
    online?.delete(userId);
    if (online?.size === 0) this.onlineByRoom.delete(roomId);
  }
}
