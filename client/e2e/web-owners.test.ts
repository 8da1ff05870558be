import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, REPO_ROOT, requireFile } from './support/paths';
import { openProfile, openRoomFromList, openWebUser, signInOnWeb } from './support/web-session';
import type { WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/** Owners and safety in Chromium (issue 12): the owner renames and removes; blocking hides; a report is stored. */

const REPORTS_CLI = path.join(REPO_ROOT, 'server', 'dist', 'reports', 'main.js');

let browser: Browser;
let server: RunningServer;
const users: WebUser[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  requireFile(REPORTS_CLI, 'The server build', 'pnpm --filter @tandem/server build');
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

/** Alice makes a room named `name`; Bob opens it and says `text`, which Alice sees. */
async function roomWithMessage(alice: WebUser, bob: WebUser, name: string, text: string): Promise<void> {
  await alice.page.locator('.rooms-page .room-create-name input').fill(name);
  await alice.page.locator('.rooms-page .room-create-submit').click();
  await alice.page.locator('.chat-page .chat-title', { hasText: name }).waitFor();
  await bob.page.reload();
  await openRoomFromList(bob, name);
  await bob.page.locator('.chat-page .conn-banner--online').waitFor();
  await send(bob, text);
  await alice.page.locator('.chat-page .message-text', { hasText: text }).waitFor();
}

test('the owner renames the room and removes a member, whose view says so at once', async () => {
  const alice = await person('Alice');
  const bob = await person('Bob');
  await roomWithMessage(alice, bob, 'Lobby', 'hello from Bob');
  // Bob is no owner: no tools for him.
  expect(await bob.page.locator('.chat-page .room-manage').count()).toBe(0);

  await alice.page.locator('.chat-page .room-manage').click();
  await alice.page.locator('.chat-page .owner-rename-input input').fill('Hall');
  await alice.page.locator('.chat-page .owner-rename').click();
  await alice.page.locator('.chat-page .owner-rename-confirm').click();
  await bob.page.locator('.chat-page .chat-title', { hasText: /^Hall$/ }).waitFor();
  await alice.page.locator('.chat-page .chat-title', { hasText: /^Hall$/ }).waitFor();

  const bobRow = alice.page.locator('.chat-page .owner-member', { hasText: 'Bob' });
  await bobRow.locator('.owner-remove').click();
  await alice.page.locator('.chat-page .owner-remove-confirm').click();
  await bob.page.locator('.chat-page .chat-removed').waitFor();
  // The room's messages and the composer are gone from Bob's view; Alice's list no longer shows him.
  expect(await bob.page.locator('.chat-page .message-text').count()).toBe(0);
  expect(await bob.page.locator('.chat-page textarea.composer-input').count()).toBe(0);
  await alice.page.locator('.chat-page .owner-member', { hasText: 'Bob' }).waitFor({ state: 'detached' });
  await bob.page.screenshot({ path: path.join(OUTPUT_DIR, 'web-owners-removed.png') });
});

test('a report is stored for the operator, and blocking hides the person’s messages', async () => {
  const alice = await person('Alice');
  const bob = await person('Bob');
  await roomWithMessage(alice, bob, 'Den', 'buy cheap watches');

  const message = alice.page.locator('.chat-page .message-item', { hasText: 'buy cheap watches' });
  // Report sits beside Reply, shown while the pointer is over the message.
  await message.hover();
  await message.locator('.message-report').click();
  await alice.page.locator('.chat-page .report-confirm').click();
  await message.locator('.report-sent').waitFor();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: server.dataDir };
  delete env.DATABASE_URL;
  const output = execFileSync(process.execPath, [REPORTS_CLI, '--json'], { env, encoding: 'utf8' });
  expect(output).toContain('"text":"buy cheap watches"');

  await alice.page.locator('.chat-page .message-sender', { hasText: 'Bob' }).click();
  await alice.page.locator('.chat-page .block-user').click();
  await alice.page.locator('.chat-page .block-confirm').click();
  await alice.page.locator('.chat-page .message-hidden').waitFor();
  expect(await alice.page.locator('.chat-page .message-text', { hasText: 'buy cheap watches' }).count()).toBe(0);
  // The block follows the account: the profile lists Bob, and lifting it there shows his message again.
  await alice.page.locator('.chat-page .chat-back').click();
  await openProfile(alice);
  await alice.page.locator('.profile-page .blocked-person', { hasText: 'Bob' }).waitFor();
  await alice.page.locator('.profile-page .blocked-person .unblock-user').click();
  await alice.page.locator('.profile-page .blocked-person').waitFor({ state: 'detached' });
});
