import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { replyExcerpt } from '@tandem/protocol';
import type { MessageReply } from '@tandem/protocol';
import type { ChatMessage } from '../stores/messages';
import { useCurrentUser } from '../stores/profiles';
import { mentionsUser } from '../stores/mentions';
import { useSession } from '../stores/session';
import { MessageQuote } from './reply/MessageQuote';
import { isWeb } from '../config';
import { Avatar } from './Avatar';
import { MessageText } from './MessageText';
import { SenderName } from './SenderName';
import { pressable } from '../platform/pressable';
import { formatClock, t } from '../i18n';

interface MessageItemProps {
  message: ChatMessage;
  own: boolean;
  /** First of a run by one sender: shows the avatar and name (others' messages). */
  groupStart?: boolean;
  /** Last of its run: shows the time. */
  groupEnd?: boolean;
  /** DOM id for scroll-into-view and anchoring. */
  anchorId: string;
  onRetry(clientId: string): void;
  /** Starts a reply to this message (its quote goes above the composer). */
  onReply?(reply: MessageReply): void;
  /** Shows the message of this seq (a tap on a quote). */
  onJump?(seq: number): void;
  /** Just jumped to: marked for a moment. */
  highlighted?: boolean;
}

/** The web shows the reply action on hover or focus (CSS); WeChat after a long press on the bubble. */
const ACTIONS_ON_HOVER = isWeb;

const STATUS_ICON = { pending: '◷', sent: '✓', failed: '!' } as const;
const STATUS_LABEL = { pending: 'chat.pending', sent: 'chat.sent', failed: 'chat.failed' } as const;

/** One message. Its text is a React text node only: never parsed as HTML or rich text. */
export function MessageItem(props: MessageItemProps) {
  const { message, own, groupStart = true, groupEnd = true, anchorId, onRetry, onReply, onJump } = props;
  const ownId = useSession((state) => state.user?.id ?? null);
  const [actions, setActions] = useState(false);
  const classes = [
    'message-item',
    own ? 'message-item--own' : 'message-item--other',
    `message-item--${message.status}`,
    groupStart ? 'message-item--group-start' : 'message-item--grouped',
    !own && mentionsUser(message, ownId) ? 'message-item--mentions-me' : '',
    props.highlighted ? 'message-item--highlight' : '',
  ];
  const retry = () => onRetry(message.clientId);
  // Its sender's name and avatar as they are now: a renamed user's old messages show the new name.
  const sender = useCurrentUser(message.sender);
  const { id, seq } = message;
  const reply =
    onReply && id !== null && seq !== null
      ? () => {
          setActions(false);
          onReply({ id, seq, sender: message.sender, excerpt: replyExcerpt(message.text) });
        }
      : null;
  return (
    <View id={anchorId} className={classes.filter(Boolean).join(' ')}>
      {own ? null : <View className="message-avatar-slot">{groupStart ? <Avatar user={sender} /> : null}</View>}
      <View className="message-body">
        {!own && groupStart ? <SenderName user={sender} /> : null}
        <View className="message-bubble" onLongPress={() => setActions(true)}>
          {message.reply ? <MessageQuote reply={message.reply} onJump={onJump} /> : null}
          <MessageText text={message.text} />
        </View>
        {reply && (actions || ACTIONS_ON_HOVER) ? (
          <Text className="message-reply-action" onClick={reply} {...pressable(reply)}>
            {t('reply.action')}
          </Text>
        ) : null}
        {groupEnd || own ? (
          <View className="message-meta">
            {groupEnd ? <Text className="message-time">{formatClock(message.createdAt)}</Text> : null}
            {own ? (
              <Text
                className={`message-status message-status--${message.status}`}
                aria-label={t(STATUS_LABEL[message.status])}
              >
                {STATUS_ICON[message.status]}
              </Text>
            ) : null}
            {message.status === 'failed' ? (
              <Text className="message-retry" onClick={retry} {...pressable(retry)}>
                {t('chat.retry')}
              </Text>
            ) : null}
          </View>
        ) : null}
      </View>
    </View>
  );
}
