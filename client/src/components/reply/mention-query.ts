import type { User } from '@tandem/protocol';

/** The most members the picker lists at once. */
export const PICKER_MAX = 8;

/**
 * The `@` being typed at the end of the text: what follows it (no space yet), or null when the text does not end in
 * a mention being typed. An `@` counts at the start or after whitespace only, so `ann@example.com` offers nothing.
 */
export function mentionQuery(text: string): string | null {
  const at = text.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/\s/.test(text.charAt(at - 1))) return null;
  const query = text.slice(at + 1);
  return /\s/.test(query) ? null : query;
}

/** The members to offer for a query: others only, names containing it (any letter case), in member order. */
export function pickable(members: readonly User[], query: string, ownId: string | null): User[] {
  const wanted = query.toLowerCase();
  return members
    .filter((member) => member.id !== ownId && member.nickname.toLowerCase().includes(wanted))
    .slice(0, PICKER_MAX);
}

/** The text with the `@query` being typed replaced by `@nickname ` (the picked member). */
export function insertMention(text: string, nickname: string): string {
  const at = text.lastIndexOf('@');
  return `${at < 0 ? text : text.slice(0, at)}@${nickname} `;
}

/** The picked members whose `@nickname` is still in the text: their ids, each once, in picking order. */
export function mentionedIds(text: string, picked: readonly User[]): string[] {
  const ids = picked.filter((user) => text.includes(`@${user.nickname}`)).map((user) => user.id);
  return [...new Set(ids)];
}
