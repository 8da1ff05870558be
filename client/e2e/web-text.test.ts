import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { MESSAGE_TEXT_MAX_LENGTH } from '@tandem/protocol';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openRoomFromList, openWebUser, signInOnWeb, webScreenshot } from './support/web-session';
import type { WebUser } from './support/web-session';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/** Text in Chromium: lines (Enter sends, Shift+Enter breaks the line), links, and the length limit said, not cut. */

let browser: Browser;
let server: RunningServer;
const cleanups: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startServer({ webRoot: H5_ROOT });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Alice in Chromium, in a room Bob (a socket.io peer) made. */
async function inRoomWithBob(room: string): Promise<{ alice: WebUser; bob: Peer; roomId: string }> {
  const bob = await connectPeer(server.url, 'Bob');
  cleanups.push(() => bob.close());
  const { room: created } = await bob.request('room:create', { name: room });
  const alice = await openWebUser(browser, server.url, 'Alice');
  cleanups.push(async () => {
    const { problems } = alice;
    await alice.context.close();
    expect(problems).toEqual([]);
  });
  await signInOnWeb(alice);
  await openRoomFromList(alice, room);
  return { alice, bob, roomId: created.id };
}

const composer = (user: WebUser) => user.page.locator('.chat-page textarea.composer-input');

test('Enter sends, Shift+Enter adds a line, and the lines arrive and show as lines', async () => {
  const { alice, bob } = await inRoomWithBob('Lines');
  const input = composer(alice);
  await input.click();
  await input.pressSequentially('first line');
  await input.press('Shift+Enter');
  await input.pressSequentially('second line');
  expect(await input.inputValue()).toBe('first line\nsecond line');
  await input.press('Enter');

  const received = await bob.waitForMessage('first line\nsecond line');
  expect(received.text).toBe('first line\nsecond line');
  expect(await input.inputValue()).toBe('');
  const bubble = alice.page.locator('.chat-page .message-text', { hasText: 'second line' });
  // Shown on two lines: the bubble is as tall as two lines of text.
  expect(await bubble.evaluate((node) => (node as HTMLElement).innerText)).toBe('first line\nsecond line');
  const height = await bubble.evaluate((node) => node.getBoundingClientRect().height);
  const lineHeight = await bubble.evaluate((node) => parseFloat(getComputedStyle(node).lineHeight));
  expect(height).toBeGreaterThanOrEqual(2 * lineHeight - 1);
});

test('links open in a new tab without the page, and only http(s) ones are links', async () => {
  const { alice, bob, roomId } = await inRoomWithBob('Links');
  await bob.send(roomId, 'docs at https://example.com/guide?x=1, not javascript:alert(1)');
  const link = alice.page.locator('.chat-page .message-text a.message-link');
  await link.waitFor();
  expect(await link.getAttribute('href')).toBe('https://example.com/guide?x=1');
  expect(await link.getAttribute('target')).toBe('_blank');
  expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
  expect(await alice.page.locator('.chat-page .message-text a').count()).toBe(1);
});

test('text past the limit shows a counter and cannot be sent, and nothing is cut', async () => {
  const { alice, bob } = await inRoomWithBob('Long');
  const input = composer(alice);
  const near = 'x'.repeat(MESSAGE_TEXT_MAX_LENGTH - 100);
  await input.fill(near);
  await alice.page.locator('.chat-page .composer-counter').waitFor();
  expect(await alice.page.locator('.chat-page .composer-counter--over').count()).toBe(0);

  const over = 'y'.repeat(MESSAGE_TEXT_MAX_LENGTH + 1);
  await input.fill(over);
  await alice.page.locator('.chat-page .composer-counter--over').waitFor();
  expect(await alice.page.locator('.chat-page .composer-send').isDisabled()).toBe(true);
  await input.press('Enter');
  await alice.page.locator('.chat-page .composer-error').waitFor();
  expect(await input.inputValue()).toBe(over);
  await webScreenshot(alice, 'text-too-long');

  // Shortened to the limit, it goes, whole.
  await input.press('End');
  await input.press('Backspace');
  await input.press('Enter');
  const received = await bob.waitForMessage('y'.repeat(MESSAGE_TEXT_MAX_LENGTH));
  expect(received.text).toHaveLength(MESSAGE_TEXT_MAX_LENGTH);
});
