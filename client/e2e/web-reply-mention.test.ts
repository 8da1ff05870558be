import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openRoomFromList, openWebUser, signInOnWeb, webScreenshot } from './support/web-session';
import type { WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';

/**
 * Replies and mentions between two people in Chromium. A reply quotes a message far up the room; the other person
 * taps the quote and the list pages history in and jumps to it. A mention marks the room in the other person's
 * list, highlights the message, and the mark goes once the room is read.
 */

let browser: Browser;
let server: RunningServer;
const users: WebUser[] = [];
const peers: Peer[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startServer({ webRoot: H5_ROOT });
});

afterEach(async () => {
  for (const user of users.splice(0)) {
    const problems = user.problems;
    await user.context.close();
    expect({ user: user.name, problems }).toEqual({ user: user.name, problems: [] });
  }
  for (const peer of peers.splice(0)) peer.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(name: string): Promise<WebUser> {
  const user = await openWebUser(browser, server.url, name);
  users.push(user);
  await signInOnWeb(user);
  return user;
}

/** A public room made by a third person, with `count` messages `old 1`..`old count`. */
async function roomWithHistory(name: string, count: number): Promise<void> {
  const carl = await connectPeer(server.url, 'Carl');
  peers.push(carl);
  const { room } = await carl.request('room:create', { name, visibility: 'public' });
  for (let index = 1; index <= count; index++) await carl.send(room.id, `old ${index}`);
}

const messageWith = (page: Page, text: string) =>
  page.locator('.chat-page .message-item', {
    has: page.locator('.message-text', { hasText: new RegExp(`^${text}$`) }),
  });

async function send(page: Page, text: string): Promise<void> {
  await page.locator('.chat-page textarea.composer-input').fill(text);
  await page.locator('.chat-page .composer-send').click();
}

/** Whether the element is inside the message list's visible area. */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((target) => {
    const element = document.querySelector(target);
    const list = document.getElementById('message-list');
    if (!element || !list) return false;
    const box = element.getBoundingClientRect();
    const frame = list.getBoundingClientRect();
    return box.bottom > frame.top && box.top < frame.bottom;
  }, selector);
}

describe('replies and mentions in Chromium', () => {
  test('a reply to a message far up: the other person taps its quote and the list loads history and jumps to it', async () => {
    await roomWithHistory('Replies', 120);
    const ann = await signedIn('Ann');
    await openRoomFromList(ann, 'Replies');
    // The room opens on its newest page: the third message is paged in by scrolling up.
    const third = messageWith(ann.page, 'old 3');
    while ((await third.count()) === 0) {
      await ann.page.locator('.chat-page .load-older').click();
      await ann.page.waitForTimeout(200);
    }
    await third.hover();
    await third.locator('.message-reply-action').click();
    await ann.page.locator('.chat-page .quote-bar', { hasText: 'old 3' }).waitFor();
    await send(ann.page, 'answer to three');
    const sent = messageWith(ann.page, 'answer to three');
    await sent.locator('.message-quote', { hasText: 'old 3' }).waitFor();
    expect(await ann.page.locator('.chat-page .quote-bar').count()).toBe(0);

    const bob = await signedIn('Bob');
    await openRoomFromList(bob, 'Replies');
    const answer = messageWith(bob.page, 'answer to three');
    await answer.locator('.message-quote', { hasText: 'Carl' }).filter({ hasText: 'old 3' }).waitFor();
    expect(await messageWith(bob.page, 'old 3').count()).toBe(0);
    await answer.locator('.message-quote').click();
    const target = bob.page.locator('.chat-page .message-item--highlight', { hasText: 'old 3' });
    await target.waitFor();
    await bob.page.waitForFunction(() => {
      const element = document.querySelector('.chat-page .message-item--highlight');
      const list = document.getElementById('message-list');
      if (!element || !list) return false;
      const box = element.getBoundingClientRect();
      const frame = list.getBoundingClientRect();
      return box.bottom > frame.top && box.top < frame.bottom;
    });
    expect(await inView(bob.page, '.chat-page .message-item--highlight')).toBe(true);
    await webScreenshot(bob, 'reply-jumped');
    // The mark is brief.
    await target.waitFor({ state: 'detached', timeout: 5000 });
  });

  test('a mention marks the room in the other person’s list and highlights the message until it is read', async () => {
    await roomWithHistory('Mentions', 1);
    const ann = await signedIn('Ann');
    const bob = await signedIn('Bob');
    await openRoomFromList(bob, 'Mentions');
    await bob.page.locator('.chat-page .chat-back').click();
    const bobsRoom = bob.page.locator('.rooms-page .room-item', {
      has: bob.page.locator('.room-item-name', { hasText: 'Mentions' }),
    });
    await bobsRoom.waitFor();
    expect(await bobsRoom.locator('.room-item-mention').count()).toBe(0);

    await openRoomFromList(ann, 'Mentions');
    const input = ann.page.locator('.chat-page textarea.composer-input');
    await input.fill('lunch @bo');
    const option = ann.page.locator('.chat-page .mention-picker-item', { hasText: 'Bob' });
    await option.waitFor();
    expect(await ann.page.locator('.chat-page .mention-picker-item', { hasText: 'Carl' }).count()).toBe(0);
    await option.click();
    expect(await input.inputValue()).toBe('lunch @Bob ');
    await input.pressSequentially('at noon?');
    await ann.page.locator('.chat-page .composer-send').click();
    await messageWith(ann.page, 'lunch @Bob at noon\\?').waitFor();
    expect(await ann.page.locator('.chat-page .message-item--mentions-me').count()).toBe(0);

    await bobsRoom.locator('.room-item-mention').waitFor();
    await webScreenshot(bob, 'mention-mark');
    await openRoomFromList(bob, 'Mentions');
    await bob.page.locator('.chat-page .message-item--mentions-me', { hasText: 'lunch @Bob at noon?' }).waitFor();
    await bob.page.locator('.chat-page .chat-back').click();
    await bobsRoom.waitFor();
    await bobsRoom.locator('.room-item-mention').waitFor({ state: 'detached' });
    expect(await bobsRoom.locator('.room-item-unread').count()).toBe(0);
  });
});
