/**
 * @jest-environment jsdom
 */
import { fireEvent, render } from '@testing-library/react';
import { MessageItem } from '../../src/components/MessageItem';
import { bannerText } from '../../src/components/ConnectionBanner';
import type { ChatMessage } from '../../src/stores/messages';
import { setLocale } from '../../src/i18n';
import { alice } from '../support/factories';

function message(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    key: 'u-alice:c1',
    roomId: 'r1',
    clientId: 'c1',
    sender: alice,
    text: 'hello',
    createdAt: Date.now(),
    status: 'sent',
    id: 'm1',
    seq: 1,
    ...overrides,
  };
}

beforeEach(() => setLocale('en'));

describe('message item', () => {
  it('shows markup in a message as text, never as HTML', () => {
    const hostile = '<img src=x onerror="alert(1)"><b>bold</b>';
    const { container } = render(
      <MessageItem message={message({ text: hostile })} own={false} anchorId="msg-0" onRetry={() => undefined} />,
    );
    expect(container.querySelector('.message-text')?.textContent).toBe(hostile);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('shows the sender of other people’s messages and the send state of own ones', () => {
    const other = render(<MessageItem message={message()} own={false} anchorId="a" onRetry={() => undefined} />);
    expect(other.container.querySelector('.message-sender')?.textContent).toBe('Alice');
    const pending = render(
      <MessageItem message={message({ status: 'pending' })} own anchorId="b" onRetry={() => undefined} />,
    );
    expect(pending.container.querySelector('.message-item--pending .message-status')?.getAttribute('aria-label')).toBe(
      'Sending',
    );
  });

  it('offers a retry on a failed message', () => {
    const retried: string[] = [];
    const { container } = render(
      <MessageItem message={message({ status: 'failed' })} own anchorId="c" onRetry={(id) => retried.push(id)} />,
    );
    fireEvent.click(container.querySelector('.message-retry')!);
    expect(retried).toEqual(['c1']);
  });
});

describe('connection banner text', () => {
  it('counts down to the next reconnection attempt', () => {
    expect(bannerText({ status: 'reconnecting', nextRetryAt: 10_500, offlineReason: null }, 5_000)).toBe(
      'Disconnected. Reconnecting in 6s · tap to retry now',
    );
    expect(bannerText({ status: 'offline', nextRetryAt: null, offlineReason: 'network' }, 0)).toBe('No network');
    expect(bannerText({ status: 'online', nextRetryAt: null, offlineReason: null }, 0)).toBe('Online');
  });
});
