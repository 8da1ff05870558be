/**
 * @jest-environment jsdom
 */
import { fireEvent, render } from '@testing-library/react';
import { MessageItem } from '../../src/components/MessageItem';
import type { ChatMessage } from '../../src/stores/messages';
import { roomsStore } from '../../src/stores/rooms';
import { sessionStore } from '../../src/stores/session';
import { setLocale } from '../../src/i18n';
import { alice, bob } from '../support/factories';

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

const item = (m: ChatMessage, own: boolean, groupEnd = true) =>
  render(<MessageItem message={m} own={own} groupEnd={groupEnd} anchorId="a" onRetry={() => undefined} />).container;

beforeEach(() => {
  setLocale('en');
  sessionStore.setState({ user: alice });
  roomsStore.getState().joined({
    id: 'r1',
    name: 'room',
    visibility: 'public',
    memberCount: 2,
    onlineCount: 1,
    lastSeq: 1,
    createdAt: 1,
    ownerId: bob.id,
  });
});

describe('changed messages', () => {
  it('shows a tombstone line instead of a recalled or deleted message, in each language', () => {
    expect(item(message({ state: 'recalled', text: '' }), false).textContent).toBe('Alice recalled a message');
    expect(item(message({ state: 'recalled', text: '' }), true).textContent).toBe('You recalled a message');
    expect(item(message({ state: 'deleted', text: '' }), false).textContent).toBe('Message deleted by the owner');
    setLocale('zh-CN');
    expect(item(message({ state: 'recalled', text: '' }), false).textContent).toBe('Alice 撤回了一条消息');
    expect(item(message({ state: 'deleted', text: '' }), true).textContent).toBe('消息已被群主删除');
  });

  it('marks an edited message, also in the middle of a run (where no time shows)', () => {
    const edited = item(message({ editedAt: 5, text: 'fixed' }), false, false);
    expect(edited.querySelector('.message-time')).toBeNull();
    expect(edited.querySelector('.message-edited')?.textContent).toBe('edited');
    expect(item(message(), false, false).querySelector('.message-edited')).toBeNull();
  });

  it('offers recall and edit on one’s own fresh message, and nothing on another’s when not the owner', () => {
    const own = item(message(), true);
    fireEvent.click(own.querySelector('.message-bubble')!);
    expect(own.querySelector('.message-action-recall')).not.toBeNull();
    expect(own.querySelector('.message-action-edit')).not.toBeNull();
    expect(own.querySelector('.message-action-delete')).toBeNull();

    const old = item(message({ createdAt: Date.now() - 3 * 60 * 1000 }), true);
    fireEvent.click(old.querySelector('.message-bubble')!);
    expect(old.querySelector('.message-action-recall')).toBeNull();
    expect(old.querySelector('.message-action-edit')).not.toBeNull();

    const others = item(message({ sender: bob, key: 'u-bob:c1' }), false);
    fireEvent.click(others.querySelector('.message-bubble')!);
    expect(others.querySelector('.message-actions')).toBeNull();
  });

  it('offers delete on any message to the room’s owner, asking first', () => {
    sessionStore.setState({ user: bob });
    const container = item(message(), false);
    fireEvent.click(container.querySelector('.message-bubble')!);
    expect(container.querySelector('.message-action-recall')).toBeNull();
    fireEvent.click(container.querySelector('.message-action-delete')!);
    expect(container.querySelector('.confirm-bar-text')?.textContent).toBe(
      'Delete this message? Nobody will see its text any more.',
    );
  });
});
