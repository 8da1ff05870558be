import { Text, View } from '@tarojs/components';
import type { SearchResult } from '@tandem/protocol';
import { roomTitle } from '../../stores/room-title';
import { pressable } from '../../platform/pressable';
import { formatTime } from '../../i18n';
import { snippetSegments } from './snippet';

interface SearchResultItemProps {
  result: SearchResult;
  ownId: string | undefined;
  onOpen(result: SearchResult): void;
}

/** One found message: its room, sender and time, and its text with the matched words marked. */
export function SearchResultItem({ result, ownId, onOpen }: SearchResultItemProps) {
  const { message, room, highlights } = result;
  const open = () => onOpen(result);
  return (
    <View className="search-result" onClick={open} {...pressable(open)}>
      <View className="search-result-head">
        <Text className="search-result-room">{roomTitle(room, ownId)}</Text>
        <Text className="search-result-time">{formatTime(message.createdAt)}</Text>
      </View>
      <View className="search-result-line">
        <Text className="search-result-sender">{message.sender.nickname}: </Text>
        {snippetSegments(message.text, highlights).map((segment, index) =>
          segment.hit ? (
            <Text key={index} className="search-hit">
              {segment.text}
            </Text>
          ) : (
            <Text key={index}>{segment.text}</Text>
          ),
        )}
      </View>
    </View>
  );
}
