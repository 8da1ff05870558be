import { Text } from '@tarojs/components';
import { ExternalLink } from '../platform/external-link';
import { t } from '../i18n';
import { linkSegments } from './link-segments';

/**
 * A message's text: React text nodes (never parsed as HTML or rich text) with line breaks kept (`pre-wrap`), and
 * web addresses as links.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <Text className="message-text" userSelect>
      {linkSegments(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <ExternalLink key={index} url={segment.text} copiedText={t('chat.linkCopied')} />
        ) : (
          segment.text
        ),
      )}
    </Text>
  );
}
