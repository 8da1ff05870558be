import type { Room } from '@tandem/protocol';

/** What a room is called for this user: a direct conversation by the other person's name, a room by its own. */
export function roomTitle(room: Pick<Room, 'name' | 'direct'>, ownId: string | undefined): string {
  if (!room.direct) return room.name;
  return room.direct.find((person) => person.id !== ownId)?.nickname ?? room.name;
}
