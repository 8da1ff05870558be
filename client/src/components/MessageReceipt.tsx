import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ChatMessage } from '../stores/messages';
import { usePresence } from '../stores/presence';
import { readersOf, useReceipts } from '../stores/receipts';
import { useRooms } from '../stores/rooms';
import { pressable } from '../platform/pressable';
import { t } from '../i18n';
import { ReceiptReaders } from './ReceiptReaders';

/**
 * The read receipt of one of the user's own stored messages: in a direct conversation "read" once the other person
 * has read past it, in a room how many members have (tap: who). Nothing before the room's positions are loaded.
 */
export function MessageReceipt({ message }: { message: ChatMessage }) {
  const [open, setOpen] = useState(false);
  const reads = useReceipts((state) => state.rooms[message.roomId]);
  const direct = useRooms((state) => state.byId[message.roomId]?.direct !== undefined);
  const members = usePresence((state) => state.members[message.roomId]);
  if (!reads || message.seq === null) return null;
  const readerIds = new Set(readersOf(reads, message.seq, message.sender.id));
  if (direct) {
    const read = readerIds.size > 0;
    return (
      <View className={`message-receipt message-receipt--${read ? 'read' : 'unread'}`}>
        <Text>{t(read ? 'receipt.read' : 'receipt.unread')}</Text>
      </View>
    );
  }
  // Counted among the current members when the join listed them: someone who left no longer counts.
  const readers = members ? members.filter((member) => readerIds.has(member.id)) : [];
  const count = members ? readers.length : readerIds.size;
  if (count === 0) return null;
  const toggle = () => setOpen(!open);
  return (
    <View className="message-receipt">
      <Text className="message-receipt-count" onClick={toggle} {...pressable(toggle)}>
        {t('receipt.readBy', { count })}
      </Text>
      {open ? <ReceiptReaders readers={readers} onClose={() => setOpen(false)} /> : null}
    </View>
  );
}
