import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { canEdit, canRecall, deleteMessage, recallMessage } from '../services';
import type { ChatMessage } from '../stores/messages';
import { editingStore } from '../stores/editing';
import { useRooms } from '../stores/rooms';
import { useSession } from '../stores/session';
import { errorText, t } from '../i18n';
import { pressable } from '../platform/pressable';
import { ConfirmBar } from './ConfirmBar';

type Asked = 'recall' | 'delete' | null;

/** The actions the user has on a message, if any: recall and edit its own, delete any as the room's owner. */
export function useMessageActions(message: ChatMessage) {
  const userId = useSession((state) => state.user?.id);
  // A direct conversation has no owner actions, deleting included.
  const ownerId = useRooms((state) => {
    const room = state.byId[message.roomId];
    return room?.direct ? undefined : room?.ownerId;
  });
  const stored = message.id !== null && !message.state;
  return {
    recall: canRecall(message, userId, Date.now()),
    edit: canEdit(message, userId),
    remove: stored && userId !== undefined && ownerId === userId,
  };
}

/** The row of actions under a message, each destructive one confirmed first (ConfirmBar). */
export function MessageActions({ message, onDone }: { message: ChatMessage; onDone(): void }) {
  const actions = useMessageActions(message);
  const [asked, setAsked] = useState<Asked>(null);
  const [error, setError] = useState<string | null>(null);
  const messageId = message.id ?? '';
  const run = async (action: 'recall' | 'delete') => {
    setAsked(null);
    const failed = await (action === 'recall' ? recallMessage : deleteMessage)(message.roomId, messageId);
    if (failed) setError(failed.code === 'CONFLICT' ? t('chat.alreadyGone') : errorText(failed.code));
    else onDone();
  };
  const edit = () => {
    editingStore.getState().start(message.roomId, messageId, message.text);
    onDone();
  };
  const ask = (what: Asked) => () => setAsked(what);
  return (
    <View className="message-actions">
      {actions.recall ? (
        <Text className="link-button message-action-recall" onClick={ask('recall')} {...pressable(ask('recall'))}>
          {t('chat.recall')}
        </Text>
      ) : null}
      {actions.edit ? (
        <Text className="link-button message-action-edit" onClick={edit} {...pressable(edit)}>
          {t('chat.edit')}
        </Text>
      ) : null}
      {actions.remove ? (
        <Text className="link-button message-action-delete" onClick={ask('delete')} {...pressable(ask('delete'))}>
          {t('chat.delete')}
        </Text>
      ) : null}
      {asked ? (
        <ConfirmBar
          text={t(asked === 'recall' ? 'chat.recallConfirm' : 'chat.deleteConfirm')}
          confirmLabel={t(asked === 'recall' ? 'chat.recall' : 'chat.delete')}
          confirmClass={`message-${asked}-confirm`}
          onConfirm={() => void run(asked)}
          onCancel={() => setAsked(null)}
        />
      ) : null}
      {error ? <Text className="form-error message-action-error">{error}</Text> : null}
    </View>
  );
}
