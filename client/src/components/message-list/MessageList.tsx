import { useEffect, useRef } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import type { BaseEventOrig, ScrollViewProps } from '@tarojs/components';
import type { MessageReply } from '@tandem/protocol';
import type { RoomMessages } from '../../stores/messages';
import { MessageItem } from '../MessageItem';
import { pressable } from '../../platform/pressable';
import { formatDay, t } from '../../i18n';
import { useMessageWindow } from './useMessageWindow';
import type { Row } from './rows';

interface MessageListProps {
  room: RoomMessages;
  ownId: string | null;
  firstUnreadKey: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  /** The room's newest seq as far as known (its summary). */
  newestSeq: number;
  fetchOlder(): Promise<unknown>;
  fetchNewer(): Promise<unknown>;
  fetchNewest(): Promise<unknown>;
  /**
   * Bounds the messages the room holds: following (`reading` null) it drops the oldest past the limit; scrolled,
   * it keeps those around the keys on screen.
   */
  boundHeld(reading: { firstKey: string; lastKey: string } | null): void;
  onRetry(clientId: string): void;
  /** The message the room was opened at (a search result): shown and marked. */
  focusKey?: string | null;
  /** Starts a reply to a message. */
  onReply(reply: MessageReply): void;
  /** Brings the message of `seq` and its neighbours into the room when not held (a jump to a quoted message). */
  fetchAround(seq: number): Promise<unknown>;
  /** Whether the newest messages are on screen (the list follows them): what counts as reading the room. */
  onFollowing?(following: boolean): void;
}

const LIST_ID = 'message-list';

/**
 * A room's messages, windowed (see window.ts): only the rows near what is being read are rendered. Scrolling to
 * the top pages older messages in (held ones first, then the server's); scrolling down pages newer ones back (from
 * the server too when the room dropped its newest ones to stay bounded while read far back).
 */
export function MessageList(props: MessageListProps) {
  const { room, ownId, firstUnreadKey, hasOlder, loadingOlder, loadingNewer, boundHeld, onRetry, onFollowing } = props;
  const list = useMessageWindow({
    listId: LIST_ID,
    room,
    ownId,
    firstUnreadKey,
    fetchOlder: props.fetchOlder,
    canFetchOlder: hasOlder,
    fetchNewer: props.fetchNewer,
    fetchNewest: props.fetchNewest,
    newestSeq: props.newestSeq,
    focusKey: props.focusKey ?? null,
    fetchAround: props.fetchAround,
  });
  const itemActions: ItemActions = {
    onRetry,
    onReply: props.onReply,
    onJump: list.jumpTo,
    highlightKey: list.highlightKey,
    focusKey: props.focusKey ?? null,
  };
  const lastTop = useRef(0);
  const heldCount = room.keys.length;
  const readingFirst = list.reading?.firstKey;
  const readingLast = list.reading?.lastKey;
  useEffect(() => {
    boundHeld(
      readingFirst === undefined || readingLast === undefined ? null : { firstKey: readingFirst, lastKey: readingLast },
    );
  }, [heldCount, readingFirst, readingLast, boundHeld]);
  useEffect(() => onFollowing?.(list.following), [list.following, onFollowing]);
  const lastKey = room.keys[room.keys.length - 1];
  const latest = lastKey === undefined ? undefined : room.byKey[lastKey];
  // Screen readers hear others' new messages (the first render's last message is not new).
  const announced = useRef<string | undefined>(lastKey);
  const announce = latest && latest.sender.id !== ownId && announced.current !== lastKey;
  const older = () => void list.older();
  const newer = () => void list.newer();

  const onScroll = (event: BaseEventOrig<ScrollViewProps.onScrollDetail>) => {
    const top = event.detail.scrollTop;
    list.scrolled(top < lastTop.current - 4);
    lastTop.current = top;
  };

  return (
    <View className="message-list-frame">
      <ScrollView
        id={LIST_ID}
        className="message-list"
        scrollY
        upperThreshold={80}
        lowerThreshold={40}
        onScrollToUpper={older}
        onScrollToLower={newer}
        onScroll={onScroll}
        aria-label={t('chat.messages')}
        {...list.scrollProps}
      >
        <View className="message-list-top">
          {!list.atOldestHeld || hasOlder ? (
            <Text key="older" className="load-older" onClick={older} {...pressable(older)}>
              {loadingOlder ? t('chat.loadingOlder') : t('chat.loadOlder')}
            </Text>
          ) : (
            <Text key="start" className="history-start">
              {room.keys.length > 0 ? t('chat.beginning') : t('chat.empty')}
            </Text>
          )}
        </View>
        {list.rows.map((row) => renderRow(row, itemActions))}
        {list.atNewestHeld ? (
          <Text key="newer" className="load-newer" onClick={newer} {...pressable(newer)}>
            {loadingNewer ? t('chat.loadingOlder') : t('chat.loadNewer')}
          </Text>
        ) : null}
        <View id="list-end" className="message-list-end" />
      </ScrollView>
      {list.newCount > 0 && !list.following ? (
        <Text className="new-messages-pill" onClick={list.jumpToLatest} {...pressable(list.jumpToLatest)}>
          {t('chat.newMessages', { count: list.newCount })}
        </Text>
      ) : null}
      <View className="sr-only" aria-live="polite">
        {announce ? <Text>{`${latest.sender.nickname}: ${latest.text}`}</Text> : null}
      </View>
    </View>
  );
}

interface ItemActions {
  onRetry(clientId: string): void;
  onReply(reply: MessageReply): void;
  onJump(seq: number): void;
  /** Marked for a moment: the target of a jump to a quoted message. */
  highlightKey: string | null;
  /** Marked while the room is open: the message it was opened at (a search result). */
  focusKey: string | null;
}

function renderRow(row: Row, actions: ItemActions) {
  switch (row.kind) {
    case 'day':
      return (
        <View key={row.id} id={row.id} className="day-separator">
          <Text className="day-separator-text">{formatDay(row.at)}</Text>
        </View>
      );
    case 'unread':
      return (
        <View key={row.id} id={row.id} className="unread-divider">
          <Text className="unread-divider-text">{t('chat.unreadDivider')}</Text>
        </View>
      );
    case 'message':
      return (
        <MessageItem
          key={row.message.key}
          anchorId={row.id}
          message={row.message}
          own={row.own}
          groupStart={row.groupStart}
          groupEnd={row.groupEnd}
          focused={row.message.key === actions.focusKey}
          onRetry={actions.onRetry}
          onReply={actions.onReply}
          onJump={actions.onJump}
          highlighted={actions.highlightKey === row.message.key}
        />
      );
  }
}
