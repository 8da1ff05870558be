import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { replyExcerpt } from '@tandem/protocol';
import type { MessageReply } from '@tandem/protocol';
import type { ChatMessage } from '../stores/messages';
import { useCurrentUser } from '../stores/profiles';
import { mentionsUser } from '../stores/mentions';
import { isBlocked, useSafety } from '../stores/safety';
import { useSession } from '../stores/session';
import { isWeb } from '../config';
import { Avatar } from './Avatar';
import { MessageReceipt } from './MessageReceipt';
import { MessageActions, useMessageActions } from './MessageActions';
import { MessageText } from './MessageText';
import { MessageQuote } from './reply/MessageQuote';
import { SenderName } from './SenderName';
import { ReportAction } from './ReportAction';
import { Tombstone } from './Tombstone';
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
  /** The message a room was opened at (a search result): marked until the room is left. */
  focused?: boolean;
  onRetry(clientId: string): void;
  /** Starts a reply to this message (its quote goes above the composer). */
  onReply?(reply: MessageReply): void;
  /** Shows the message of this seq (a tap on a quote). */
  onJump?(seq: number): void;
  /** Just jumped to: marked for a moment. */
  highlighted?: boolean;
}

/** The web shows the reply and report actions on hover or focus (CSS); WeChat after a long press on the bubble. */
const REPLY_ON_HOVER = isWeb;

const STATUS_ICON = { pending: '◷', sent: '✓', failed: '!' } as const;
const STATUS_LABEL = { pending: 'chat.pending', sent: 'chat.sent', failed: 'chat.failed' } as const;

/** One message. Its text is a React text node only: never parsed as HTML or rich text. */
export function MessageItem(props: MessageItemProps) {
  const { message, own, groupStart = true, groupEnd = true, anchorId, focused = false, onRetry, onReply } = props;
  const ownId = useSession((state) => state.user?.id ?? null);
  const classes = [
    'message-item',
    own ? 'message-item--own' : 'message-item--other',
    `message-item--${message.status}`,
    groupStart ? 'message-item--group-start' : 'message-item--grouped',
    ...(focused ? ['message-item--focused'] : []),
    ...(!own && mentionsUser(message, ownId) ? ['message-item--mentions-me'] : []),
    ...(props.highlighted ? ['message-item--highlight'] : []),
  ];
  const retry = () => onRetry(message.clientId);
  // Its sender's name and avatar as they are now: a renamed user's old messages show the new name.
  const sender = useCurrentUser(message.sender);
  // A blocked person's messages stay in the list (seq order, paging) but their text is not shown.
  const hidden = useSafety((state) => !own && isBlocked(state, message.sender.id));
  const actions = useMessageActions(message);
  const [showActions, setShowActions] = useState(false);
  const [showReply, setShowReply] = useState(false);
  const hasActions = actions.recall || actions.edit || actions.remove;
  const toggle = () => setShowActions((shown) => hasActions && !shown);
  if (message.state) return <Tombstone message={message} own={own} name={sender.nickname} anchorId={anchorId} />;
  const { id, seq } = message;
  const reportable = !own && !hidden && id !== null;
  const reply =
    onReply && id !== null && seq !== null && !hidden
      ? () => {
          setShowReply(false);
          onReply({ id, seq, sender: message.sender, excerpt: replyExcerpt(message.text) });
        }
      : null;
  return (
    <View id={anchorId} className={classes.join(' ')}>
      {own ? null : <View className="message-avatar-slot">{groupStart ? <Avatar user={sender} /> : null}</View>}
      <View className="message-body">
        {!own && groupStart ? <SenderName user={sender} /> : null}
        {hidden ? (
          <View className="message-bubble message-bubble--hidden">
            <Text className="message-hidden">{t('block.hidden')}</Text>
          </View>
        ) : (
          <View
            className="message-bubble"
            onClick={toggle}
            onLongPress={() => setShowReply(true)}
            {...(hasActions ? pressable(toggle) : {})}
          >
            {message.reply ? <MessageQuote reply={message.reply} onJump={props.onJump} /> : null}
            <MessageText text={message.text} />
          </View>
        )}
        {(showReply || REPLY_ON_HOVER) && (reply || reportable) ? (
          <View className="message-hover-actions">
            {reply ? (
              <Text className="message-reply-action" onClick={reply} {...pressable(reply)}>
                {t('reply.action')}
              </Text>
            ) : null}
            {reportable && message.id ? <ReportAction roomId={message.roomId} messageId={message.id} /> : null}
          </View>
        ) : null}
        {showActions && hasActions ? <MessageActions message={message} onDone={() => setShowActions(false)} /> : null}
        {groupEnd || own || message.editedAt ? (
          <View className="message-meta">
            {message.editedAt ? <Text className="message-edited">{t('chat.edited')}</Text> : null}
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
        {own && message.status === 'sent' ? <MessageReceipt message={message} /> : null}
      </View>
    </View>
  );
}
