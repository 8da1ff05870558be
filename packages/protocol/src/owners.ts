import * as v from 'valibot';
import { RoomSchema, UserSchema } from './entities';

/** Facts of owners and safety (issue 12); their requests are in requests.ts. */

/** `room:updated`: the room after an owner changed it (its name, its owner). */
export const RoomUpdatedSchema = v.object({ room: RoomSchema });
export type RoomUpdated = v.InferOutput<typeof RoomUpdatedSchema>;

/** Why the room's owner removed the user. */
export const ROOM_REMOVED_REASONS = ['kicked', 'banned'] as const;
/** `room:removed`: the owner removed the user from the room; the client drops it. */
export const RoomRemovedSchema = v.object({ roomId: v.string(), reason: v.picklist(ROOM_REMOVED_REASONS) });
export type RoomRemoved = v.InferOutput<typeof RoomRemovedSchema>;

/** `blocks:updated`: the user's block list as it is now (changed on another of its devices). */
export const BlocksUpdatedSchema = v.object({ users: v.array(UserSchema) });
export type BlocksUpdated = v.InferOutput<typeof BlocksUpdatedSchema>;
