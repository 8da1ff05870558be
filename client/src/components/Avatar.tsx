import { Image, Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';
import { avatarSource } from '../services';
import { useCurrentUser } from '../stores/profiles';

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

export type AvatarSize = 'small' | 'medium' | 'large';

/**
 * The user's picture, or its initial on a colour drawn from its id. The box has a fixed size whatever is inside (the
 * initial shows under the image until it loads), so nothing moves when an image arrives. Decorative: the name is
 * always shown as text beside it.
 */
export function Avatar({ user, size = 'medium' }: { user: User; size?: AvatarSize }) {
  const current = useCurrentUser(user);
  return (
    <View className={`avatar avatar--${size}`} style={{ backgroundColor: avatarColour(current.id) }} aria-hidden="true">
      <Text className="avatar-initial">{initialOf(current.nickname)}</Text>
      {current.avatar ? (
        <Image className="avatar-image" src={avatarSource(current.avatar)} mode="aspectFill" lazyLoad />
      ) : null}
    </View>
  );
}
