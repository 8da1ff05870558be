import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openRoomFromList, openWebUser, signInOnWeb, webScreenshot } from './support/web-session';
import type { WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { seedMessages } from '../test/support/seed';

/** Message search in Chromium: Chinese and English, marked matches, paging, and a result opening its message. */

let browser: Browser;
let server: RunningServer;
let bob: Peer | undefined;
const users: WebUser[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startServer({ webRoot: H5_ROOT });
});

afterEach(async () => {
  bob?.close();
  for (const user of users.splice(0)) {
    const { problems } = user;
    await user.context.close();
    expect({ user: user.name, problems }).toEqual({ user: user.name, problems: [] });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('finds Chinese and English words, marks them, pages, and opens the room at the message', async () => {
  bob = await connectPeer(server.url, 'Bob');
  const { room } = await bob.request('room:create', { name: 'Archive', visibility: 'public' });
  await bob.send(room.id, '你好，老朋友');
  // Far more than a room opens with: the old message is not held until the result is tapped.
  await seedMessages(bob, room.id, 150, { prefix: 'filler' });
  await bob.send(room.id, 'Hello search world');

  const alice = await openWebUser(browser, server.url, 'Alice');
  users.push(alice);
  await signInOnWeb(alice);
  const { page } = alice;
  await openRoomFromList(alice, 'Archive');
  await page.locator('.chat-page .message-text', { hasText: 'Hello search world' }).waitFor();
  await expect(page.locator('.chat-page .message-text', { hasText: '你好，老朋友' }).count()).resolves.toBe(0);
  await page.locator('.chat-page .chat-back').click();

  await page.locator('.rooms-page .rooms-search').click();
  const search = async (query: string) => {
    await page.locator('.search-page .search-input input').fill(query);
    await page.locator('.search-page .search-submit').click();
  };

  await search('world HELLO');
  const english = page.locator('.search-page .search-result', { hasText: 'search world' });
  await english.waitFor();
  await expect(english.locator('.search-hit').allTextContents()).resolves.toEqual(['Hello', 'world']);
  await expect(english.locator('.search-result-room').textContent()).resolves.toBe('Archive');
  await expect(english.locator('.search-result-sender').textContent()).resolves.toContain('Bob');

  await search('filler');
  await page.locator('.search-page .search-result').nth(19).waitFor();
  await expect(page.locator('.search-page .search-result').count()).resolves.toBe(20);
  await page.locator('.search-page .search-more').click();
  await page.locator('.search-page .search-result').nth(39).waitFor();
  await expect(page.locator('.search-page .search-result').first().textContent()).resolves.toContain('filler 150');

  await search('你好');
  const chinese = page.locator('.search-page .search-result', { hasText: '老朋友' });
  await chinese.waitFor();
  await expect(page.locator('.search-page .search-result').count()).resolves.toBe(1);
  await expect(chinese.locator('.search-hit').allTextContents()).resolves.toEqual(['你好']);
  await webScreenshot(alice, 'search-results');

  await chinese.click();
  const focused = page.locator('.chat-page .message-item--focused');
  await focused.locator('.message-text', { hasText: '你好，老朋友' }).waitFor();
  // On screen inside the list, not merely rendered.
  const visible = await page.evaluate(() => {
    const list = document.querySelector('.chat-page #message-list')!.getBoundingClientRect();
    const row = document.querySelector('.chat-page .message-item--focused')!.getBoundingClientRect();
    return row.top >= list.top && row.bottom <= list.bottom;
  });
  expect(visible).toBe(true);
  await webScreenshot(alice, 'search-opened');
});
