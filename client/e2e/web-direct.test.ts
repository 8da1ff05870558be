import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openRoomFromList, openWebUser, signInOnWeb } from './support/web-session';
import type { WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/** Direct conversations in Chromium: started from a sender's name, titled with the other person, heard at once. */

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

async function person(name: string): Promise<WebUser> {
  const user = await openWebUser(browser, server.url, name);
  users.push(user);
  await signInOnWeb(user);
  return user;
}

async function send(user: WebUser, text: string): Promise<void> {
  await user.page.locator('.chat-page textarea.composer-input').fill(text);
  await user.page.locator('.chat-page .composer-send').click();
}

test('a tap on a sender’s name opens a direct conversation the other person sees at once', async () => {
  const alice = await person('Alice');
  const bob = await person('Bob');
  await alice.page.locator('.rooms-page .room-create-name input').fill('Lobby');
  await alice.page.locator('.rooms-page .room-create-submit').click();
  await alice.page.locator('.chat-page .chat-title', { hasText: 'Lobby' }).waitFor();
  await bob.page.reload();
  await openRoomFromList(bob, 'Lobby');
  await send(bob, 'anyone around?');

  // Alice: Bob's name, then "Message".
  await alice.page.locator('.chat-page .message-sender', { hasText: 'Bob' }).click();
  await alice.page.locator('.chat-page .dm-open-confirm').click();
  await alice.page.locator('.chat-page .chat-title', { hasText: 'Bob' }).last().waitFor();
  const dmPage = alice.page.locator('.chat-page').last();
  expect(await dmPage.locator('.room-invite').count()).toBe(0);
  expect(await dmPage.locator('.room-leave').count()).toBe(0);
  await dmPage.locator('.conn-banner--online').waitFor();
  await dmPage.locator('textarea.composer-input').fill('just us, Bob');
  await dmPage.locator('.composer-send').click();

  // Bob: the conversation is listed as "Alice", one unread, and opens on her message.
  await bob.page.locator('.chat-page .chat-back').click();
  const item = bob.page.locator('.rooms-page .room-item', {
    has: bob.page.locator('.room-item-name', { hasText: /^Alice$/ }),
  });
  await item.locator('.room-item-unread', { hasText: '1' }).waitFor();
  // Listed with Alice's face (her initial on her colour), not a room's tile.
  expect(await item.locator('.room-item-person .avatar-initial').textContent()).toBe('A');
  expect(await item.locator('.room-item-avatar').count()).toBe(0);
  await item.click();
  await bob.page.locator('.chat-page .message-text', { hasText: 'just us, Bob' }).waitFor();
  await bob.page.screenshot({ path: path.join(OUTPUT_DIR, 'web-direct.png') });
});

test('a direct conversation starts from a username too, in any letter case', async () => {
  const bob = await openWebUser(browser, server.url, 'Bob');
  users.push(bob);
  await bob.page.locator('.signin-page .signin-mode--signup').click();
  await bob.page.locator('.signin-page .signin-username input').fill('Bob_Smith');
  await bob.page.locator('.signin-page .signin-password input').fill('correct horse');
  await bob.page.locator('.signin-page .signin-nickname input').fill('Bob');
  await bob.page.locator('.signin-page .signin-submit').click();
  await bob.page.locator('.rooms-page .rooms-user', { hasText: 'Bob' }).waitFor();
  const alice = await person('Alice');

  await alice.page.locator('.rooms-page .dm-username input').fill('nobody_here');
  await alice.page.locator('.rooms-page .dm-username-submit').click();
  await alice.page.locator('.rooms-page .dm-username-error').waitFor();

  await alice.page.locator('.rooms-page .dm-username input').fill('bob_SMITH');
  await alice.page.locator('.rooms-page .dm-username-submit').click();
  await alice.page.locator('.chat-page .chat-title', { hasText: /^Bob$/ }).waitFor();
  await alice.page.locator('.chat-page .conn-banner--online').waitFor();
  await send(alice, 'found you by your username');
  const item = bob.page.locator('.rooms-page .room-item', {
    has: bob.page.locator('.room-item-name', { hasText: /^Alice$/ }),
  });
  await item.locator('.room-item-unread', { hasText: '1' }).waitFor();
});
