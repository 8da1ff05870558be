import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { liveInvite, useRooms } from '../stores/rooms';
import { createInvite } from '../services';
import { chatPath } from '../platform/navigation';
import { copyText, webUrl } from '../platform/share';
import { isWeb } from '../config';
import { pressable } from '../platform/pressable';
import { errorText, formatTime, t } from '../i18n';

/**
 * An invite to the room: on the web a link to copy, in the mini program a button that forwards the room's card
 * to a WeChat chat (the chat page's share card carries the same invite). A new code is asked for when there is
 * none or it is about to expire.
 */
export function InvitePanel({ roomId, onClose }: { roomId: string; onClose(): void }) {
  const name = useRooms((state) => state.byId[roomId]?.name ?? '');
  const invite = useRooms((state) => liveInvite(state, roomId));
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (invite) return;
    let mounted = true;
    void createInvite(roomId).then((result) => {
      if (mounted && !result.ok) setError(errorText(result.error.code));
    });
    return () => {
      mounted = false;
    };
  }, [roomId, invite]);

  const link = invite ? webUrl(chatPath(roomId, invite.code)) : '';
  const copy = async () => {
    const done = await copyText(link);
    setCopied(done);
    setError(done ? null : t('invite.copyFailed'));
  };

  return (
    <View className="invite-panel">
      <Text className="invite-title">{t('invite.title', { name })}</Text>
      {error ? <Text className="form-error invite-error">{error}</Text> : null}
      {!invite && !error ? <Text className="invite-hint">{t('invite.creating')}</Text> : null}
      {invite && isWeb ? (
        <View className="invite-actions">
          <Text className="invite-link" userSelect>
            {link}
          </Text>
          <Button className="primary-button invite-copy" onClick={() => void copy()} {...pressable(() => void copy())}>
            {/* A Text label: see the sign-in page on why a Button's own text must not change on the web. */}
            <Text>{copied ? t('invite.copied') : t('invite.copy')}</Text>
          </Button>
        </View>
      ) : null}
      {invite && !isWeb ? (
        <Button className="primary-button invite-share" openType="share">
          <Text>{t('invite.share')}</Text>
        </Button>
      ) : null}
      {invite ? (
        <Text className="invite-expires">{t('invite.expires', { time: formatTime(invite.expiresAt) })}</Text>
      ) : null}
      <Text className="link-button invite-close" onClick={onClose} {...pressable(onClose)}>
        {t('invite.close')}
      </Text>
    </View>
  );
}
