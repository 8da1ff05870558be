/**
 * @jest-environment jsdom
 */
import { fireEvent, render } from '@testing-library/react';
import { MessageItem } from '../../src/components/MessageItem';
import { bannerText } from '../../src/components/ConnectionBanner';
import type { ChatMessage } from '../../src/stores/messages';
import { setLocale } from '../../src/i18n';
import { safetyStore } from '../../src/stores/safety';
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

beforeEach(() => {
  setLocale('en');
  safetyStore.getState().reset();
});

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

describe('message item: blocks and reports', () => {
  it('hides the text of a blocked person’s message, and shows it again once unblocked', () => {
    safetyStore.getState().blocksLoaded([alice]);
    const hidden = render(<MessageItem message={message()} own={false} anchorId="h" onRetry={() => undefined} />);
    expect(hidden.container.querySelector('.message-text')).toBeNull();
    expect(hidden.container.querySelector('.message-hidden')?.textContent).toBe('Message from someone you blocked');
    expect(hidden.container.querySelector('.message-report')).toBeNull();
    hidden.unmount();
    safetyStore.getState().blocksLoaded([]);
    const shown = render(<MessageItem message={message()} own={false} anchorId="s" onRetry={() => undefined} />);
    expect(shown.container.querySelector('.message-text')?.textContent).toBe('hello');
  });

  it('offers a report on other people’s stored messages only, after a long press in WeChat', () => {
    const other = render(<MessageItem message={message()} own={false} anchorId="o" onRetry={() => undefined} />);
    expect(other.container.querySelector('.message-report')).toBeNull();
    fireEvent.contextMenu(other.container.querySelector('.message-bubble') as Element);
    expect(other.container.querySelector('.message-report')?.textContent).toBe('Report');
    const own = render(<MessageItem message={message()} own anchorId="w" onRetry={() => undefined} />);
    fireEvent.contextMenu(own.container.querySelector('.message-bubble') as Element);
    expect(own.container.querySelector('.message-report')).toBeNull();
    const unsent = render(
      <MessageItem message={message({ id: null, seq: null })} own={false} anchorId="u" onRetry={() => undefined} />,
    );
    fireEvent.contextMenu(unsent.container.querySelector('.message-bubble') as Element);
    expect(unsent.container.querySelector('.message-report')).toBeNull();
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
