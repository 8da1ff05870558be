import type { User } from '@tandem/protocol';
import type { RoomRecord } from './types';

/** A message as reported: a snapshot taken when reported, kept even if the message later changes or goes. */
export interface MessageReport {
  id: string;
  roomId: string;
  messageId: string;
  seq: number;
  senderId: string;
  text: string;
  reporterId: string;
  reason?: string | undefined;
  createdAt: number;
}

export interface NewReport {
  id: string;
  roomId: string;
  messageId: string;
  reporterId: string;
  reason?: string | undefined;
  createdAt: number;
}

/**
 * Owners and safety (issue 12): a room's owner and name, bans per room, blocks between people, reports of messages.
 * Writes that change nothing resolve false (or undefined), never reject.
 */
export interface SafetyStore {
  /** Undefined for an unknown room. */
  renameRoom(roomId: string, name: string): Promise<RoomRecord | undefined>;
  /** Makes `ownerId` the owner; undefined for an unknown room. The caller checks that the new owner is a member. */
  setRoomOwner(roomId: string, ownerId: string): Promise<RoomRecord | undefined>;
  /** True when the user was not banned there before. */
  banUser(roomId: string, userId: string, bannedAt: number): Promise<boolean>;
  /** True when the user was banned there. */
  unbanUser(roomId: string, userId: string): Promise<boolean>;
  isBanned(roomId: string, userId: string): Promise<boolean>;
  /** True when the block is new. */
  blockUser(blockerId: string, blockedId: string, createdAt: number): Promise<boolean>;
  /** True when there was a block. */
  unblockUser(blockerId: string, blockedId: string): Promise<boolean>;
  /** The people the user blocked, oldest block first. */
  listBlocked(blockerId: string): Promise<User[]>;
  /** True when either of the two has blocked the other. */
  isBlockedBetween(userId: string, otherId: string): Promise<boolean>;
  /** True when the room is a direct conversation and either of its two people has blocked the other. */
  isDirectBlocked(roomId: string): Promise<boolean>;
  /** Stores a report with a snapshot of the message; undefined when the room has no message of that id. */
  reportMessage(report: NewReport): Promise<MessageReport | undefined>;
  /** Every report, oldest first. */
  listReports(): Promise<MessageReport[]>;
}
