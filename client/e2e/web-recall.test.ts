import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openWebUser, signInOnWeb, webScreenshot } from './support/web-session';
import type { WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/** Recall, edit and delete in Chromium: Ann changes her messages, Ben sees it live, and again after being offline. */

let browser: Browser;
let server: RunningServer;
const users: WebUser[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startServer({ webRoot: H5_ROOT });
});

afterEach(async () => {
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

async function open(name: string): Promise<WebUser> {
  const opened = await openWebUser(browser, server.url, name);
  users.push(opened);
  await signInOnWeb(opened);
  return opened;
}

const online = (user: WebUser) => user.page.locator('.chat-page .conn-banner--online').waitFor();
const bubble = (user: WebUser, text: string) =>
  user.page.locator('.chat-page .message-item', { has: user.page.locator('.message-text', { hasText: text }) });

async function send(user: WebUser, text: string): Promise<void> {
  await user.page.locator('.chat-page textarea.composer-input').fill(text);
  await user.page.locator('.chat-page .composer-send').click();
  await bubble(user, text).locator('.message-status--sent').waitFor();
}

async function edit(user: WebUser, from: string, to: string): Promise<void> {
  const { page } = user;
  await bubble(user, from).locator('.message-bubble').click();
  await bubble(user, from).locator('.message-action-edit').click();
  await page.locator('.chat-page .composer-editing').waitFor();
  expect(await page.locator('.chat-page textarea.composer-input').inputValue()).toBe(from);
  await page.locator('.chat-page textarea.composer-input').fill(to);
  await page.locator('.chat-page .composer-send').click();
  await page.locator('.chat-page .composer-editing').waitFor({ state: 'detached' });
}

async function recall(user: WebUser, text: string): Promise<void> {
  await bubble(user, text).locator('.message-bubble').click();
  await bubble(user, text).locator('.message-action-recall').click();
  await user.page.locator('.chat-page .message-recall-confirm').click();
}

/** Every message line on the chat page: its text, marked edited, or the tombstone line in its place. */
const timeline = (user: WebUser) =>
  user.page.$$eval('.chat-page .message-list .message-item, .chat-page .message-list .message-tombstone', (nodes) =>
    nodes.map((node) => {
      const tombstone = node.querySelector('.message-tombstone-text');
      if (tombstone) return `[${tombstone.textContent ?? ''}]`;
      const text = node.querySelector('.message-text')?.textContent ?? '';
      return node.querySelector('.message-edited') ? `${text} (edited)` : text;
    }),
  );

async function shows(user: WebUser, expected: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await timeline(user);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${user.name} shows ${JSON.stringify(last)}, not ${JSON.stringify(expected)}`);
}

describe('recall, edit and delete on the web', () => {
  test('Ben sees Ann’s edit and recall live, and those made while he was offline once he is back', async () => {
    const ann = await open('Ann');
    await ann.page.locator('.rooms-page .room-create-name input').fill('Recall room');
    await ann.page.locator('.rooms-page .room-create-submit').click();
    await online(ann);
    const ben = await open('Ben');
    await ben.page
      .locator('.rooms-page .room-item', { has: ben.page.locator('.room-item-name', { hasText: 'Recall room' }) })
      .click();
    await online(ben);
    for (const text of ['helo', 'wrong room', 'see you']) await send(ann, text);
    await send(ben, 'from ben');
    await shows(ben, ['helo', 'wrong room', 'see you', 'from ben']);

    // Live: the edit and the recall reach Ben at once.
    await edit(ann, 'helo', 'hello');
    await recall(ann, 'wrong room');
    await shows(ann, ['hello (edited)', '[You recalled a message]', 'see you', 'from ben']);
    await shows(ben, ['hello (edited)', '[Ann recalled a message]', 'see you', 'from ben']);
    // Ben has no recall or edit on Ann's message, and no delete: he does not own the room.
    await bubble(ben, 'see you').locator('.message-bubble').click();
    expect(await ben.page.locator('.chat-page .message-actions').count()).toBe(0);
    await webScreenshot(ben, 'recall-live');

    // Offline: Ben's socket is gone while Ann edits, recalls and, as the owner, deletes Ben's message.
    await ben.context.setOffline(true);
    await ben.page.locator('.chat-page .conn-banner--online').waitFor({ state: 'detached' });
    await edit(ann, 'hello', 'hello there');
    await recall(ann, 'see you');
    await bubble(ann, 'from ben').locator('.message-bubble').click();
    await bubble(ann, 'from ben').locator('.message-action-delete').click();
    await ann.page.locator('.chat-page .message-delete-confirm').click();
    await shows(ann, [
      'hello there (edited)',
      '[You recalled a message]',
      '[You recalled a message]',
      '[Message deleted by the owner]',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await timeline(ben)).toEqual(['hello (edited)', '[Ann recalled a message]', 'see you', 'from ben']);

    await ben.context.setOffline(false);
    await online(ben);
    await shows(ben, [
      'hello there (edited)',
      '[Ann recalled a message]',
      '[Ann recalled a message]',
      '[Message deleted by the owner]',
    ]);
    await webScreenshot(ben, 'recall-after-offline');
  });
});
