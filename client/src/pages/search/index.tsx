import { useMemo, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { SearchResult } from '@tandem/protocol';
import { SEARCH_QUERY_MAX_LENGTH } from '@tandem/protocol';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { SearchResultItem } from '../../components/search/SearchResultItem';
import { useSessionGuard } from '../../components/useSessionGuard';
import { useRooms } from '../../stores/rooms';
import { roomTitle } from '../../stores/room-title';
import { useSearch } from '../../stores/search';
import { useSession } from '../../stores/session';
import { clearSearch, loadMoreResults, searchMessages } from '../../services';
import { getPageParams, goBack, goToChatAt } from '../../platform/navigation';
import { setPageTitle, usePageShow } from '../../platform/page';
import { pressable } from '../../platform/pressable';
import { isWeb } from '../../config';
import { errorText, t } from '../../i18n';
import '../chat/index.css';
import '../rooms/index.css';
import './index.css';

/**
 * Message search: `?roomId=<id>` searches that room only (from its header), otherwise every room and direct
 * conversation of the user (from the room list). A result opens its room at the message.
 */
export default function SearchPage() {
  const signedIn = useSessionGuard();
  const ownId = useSession((state) => state.user?.id);
  const roomId = useMemo(() => getPageParams().roomId || null, []);
  const scopeRoom = useRooms((state) => (roomId === null ? undefined : state.byId[roomId]));
  const [input, setInput] = useState('');
  const [scoped, setScoped] = useState(roomId !== null);
  const { results, hasMore, status, error, query } = useSearch((state) => state);
  usePageShow(() => setPageTitle(t('search.title')));

  const submit = () => {
    if (input.trim()) void searchMessages(input, scoped ? roomId : null);
    else clearSearch();
  };
  const open = (result: SearchResult) => goToChatAt(result.message.roomId, result.message.seq);
  const more = () => void loadMoreResults();

  if (!signedIn) return <View className="page" />;

  return (
    <View className="page search-page">
      <ConnectionBanner />
      {isWeb ? (
        <Text className="link-button search-back" onClick={goBack} {...pressable(goBack)}>
          ‹ {t('chat.back')}
        </Text>
      ) : null}
      <View className="form-row search-form">
        <Input
          className="field search-input"
          value={input}
          focus
          confirmType="search"
          placeholder={t('search.placeholder')}
          maxlength={SEARCH_QUERY_MAX_LENGTH}
          onInput={(event) => setInput(event.detail.value)}
          onConfirm={submit}
        />
        <Button className="primary-button search-submit" onClick={submit} {...pressable(submit)}>
          <Text>{t('search.submit')}</Text>
        </Button>
      </View>
      {roomId !== null && scopeRoom ? (
        <Text className="link-button search-scope" onClick={() => setScoped(!scoped)} aria-pressed={String(scoped)}>
          {scoped ? t('search.inRoom', { name: roomTitle(scopeRoom, ownId) }) : t('search.allRooms')}
        </Text>
      ) : null}
      <View className="search-results" aria-label={t('search.results')}>
        {results.map((result) => (
          <SearchResultItem key={result.message.id} result={result} ownId={ownId} onOpen={open} />
        ))}
        {status === 'done' && query && results.length === 0 ? (
          <Text className="empty-hint search-empty">{t('search.empty')}</Text>
        ) : null}
        {status === 'failed' && error ? <Text className="form-error search-error">{errorText(error)}</Text> : null}
        {status === 'loading' ? <Text className="empty-hint search-loading">{t('search.searching')}</Text> : null}
        {hasMore && status !== 'loading' ? (
          <Text className="link-button search-more" onClick={more} {...pressable(more)}>
            {t('search.loadMore')}
          </Text>
        ) : null}
      </View>
    </View>
  );
}
