import { Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';

/** Background colours for initials: each keeps white text above 4.5:1 contrast. */
const AVATAR_COLOURS = ['#1f6feb', '#8250df', '#bf3989', '#c4432b', '#9a6700', '#1a7f37', '#0a7ea4', '#57606a'];

export function avatarColour(userId: string): string {
  let hash = 0;
  for (let index = 0; index < userId.length; index++) hash = (hash * 31 + userId.charCodeAt(index)) | 0;
  return AVATAR_COLOURS[Math.abs(hash) % AVATAR_COLOURS.length] ?? AVATAR_COLOURS[0]!;
}

/** The first character of a nickname (a whole code point, so an emoji or CJK name is not cut in half). */
export function initialOf(nickname: string): string {
  return (Array.from(nickname.trim())[0] ?? '?').toUpperCase();
}

/** Initials on a colour drawn from the user id; decorative (the sender's name is shown as text). */
export function Avatar({ user }: { user: User }) {
  return (
    <View className="avatar" style={{ backgroundColor: avatarColour(user.id) }} aria-hidden="true">
      <Text className="avatar-initial">{initialOf(user.nickname)}</Text>
    </View>
  );
}
