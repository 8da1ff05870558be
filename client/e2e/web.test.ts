import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/**
 * The built H5 app (client/dist/h5) served by the real server, driven in Chromium by two users in separate
 * browser contexts (separate storage, separate sockets).
 */

const XSS = '<img src=x onerror=alert(1)>';

interface User {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Dialogs (alert/confirm/prompt) the page opened: there must be none. */
  dialogs: string[];
  /** Uncaught exceptions in the page. */
  errors: string[];
  /** Console errors (Stencil, React and the app report trouble there): there must be none. */
  consoleErrors: string[];
  /** Console errors and warnings, for failure messages. */
  console: string[];
}

let server: RunningServer;
let browser: Browser;
const users: User[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startServer({ webRoot: H5_ROOT });
});

afterEach(async () => {
  for (const user of users.splice(0)) await user.context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A new browser context (its own storage: not signed in) opening `url`, the app's start page by default. */
async function openUser(name: string, url = server.url): Promise<User> {
  const context = await browser.newContext({ viewport: { width: 420, height: 820 }, locale: 'en-US' });
  const page = await context.newPage();
  const user: User = { name, context, page, dialogs: [], errors: [], consoleErrors: [], console: [] };
  users.push(user);
  page.on('dialog', (dialog) => {
    user.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => user.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') user.consoleErrors.push(message.text());
    if (message.type() === 'error' || message.type() === 'warning')
      user.console.push(`${message.type()}: ${message.text()}`);
  });
  await page.goto(url);
  return user;
}

/** Signs in on the sign-in page; lands on the room list, unless an invite leads to its room instead. */
async function signIn(user: User, landing: 'rooms' | { room: string } = 'rooms'): Promise<void> {
  const { page } = user;
  await page.locator('.signin-page .signin-nickname input').fill(user.name);
  await page.locator('.signin-page .signin-submit').click();
  if (landing === 'rooms') await page.locator('.rooms-page .rooms-user', { hasText: user.name }).waitFor();
  else await page.locator('.chat-page .chat-title', { hasText: landing.room }).waitFor();
}

async function createRoom(user: User, name: string, visibility: 'public' | 'private' = 'public'): Promise<void> {
  const { page } = user;
  await page.locator('.rooms-page .room-create-name input').fill(name);
  await page.locator(`.rooms-page .room-create-${visibility}`).click();
  await page.locator('.rooms-page .room-create-submit').click();
  await page.locator('.chat-page .chat-title', { hasText: name }).waitFor();
  await online(user);
}

const roomItem = (user: User, name: string) =>
  user.page.locator('.rooms-page .room-item', { has: user.page.locator('.room-item-name', { hasText: name }) });

async function joinFromList(user: User, name: string): Promise<void> {
  const { page } = user;
  await roomItem(user, name).click();
  await page.locator('.chat-page .chat-title', { hasText: name }).waitFor();
  await online(user);
}

const online = (user: User) => user.page.locator('.chat-page .conn-banner--online').waitFor();

async function send(user: User, text: string): Promise<void> {
  const { page } = user;
  await page.locator('.chat-page textarea.composer-input').fill(text);
  await page.locator('.chat-page .composer-send').click();
}

/** Every message text on the chat page, in document order. */
const messageTexts = (user: User) =>
  user.page.$$eval('.chat-page .message-list .message-text', (nodes) => nodes.map((node) => node.textContent ?? ''));

async function waitUntil(
  check: () => Promise<boolean>,
  what: string | (() => Promise<string>),
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const subject = typeof what === 'string' ? what : await what();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${subject}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const seesMessage = (user: User, text: string) =>
  waitUntil(async () => (await messageTexts(user)).includes(text), `${user.name} to see "${text}"`);

const screenshot = (user: User, name: string) =>
  user.page.screenshot({ path: path.join(OUTPUT_DIR, `web-${name}.png`), fullPage: true });

/** Runs a test body; on failure, saves each page's screenshot and adds its URL, text and console to the error. */
function withDiagnostics(name: string, body: () => Promise<void>) {
  return async () => {
    try {
      await body();
    } catch (error) {
      const notes: string[] = [];
      for (const user of users) {
        const file = path.join(OUTPUT_DIR, `web-failed-${name}-${user.name}.png`);
        await user.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        const text = await user.page
          .locator('.taro_page_show')
          .innerText()
          .catch(() => '(no page text)');
        notes.push(`--- ${user.name} at ${user.page.url()} (screenshot ${path.relative(process.cwd(), file)})`);
        notes.push(text.replace(/\n+/g, ' | ').slice(0, 800), ...user.console.slice(-10), ...user.errors);
      }
      (error as Error).message += `\n${notes.join('\n')}`;
      throw error;
    }
  };
}

/** No dialog, no uncaught exception and no console error, from the first page load on. */
function expectNoPageProblems(...list: User[]): void {
  for (const user of list) {
    const { name, dialogs, errors, consoleErrors } = user;
    expect({ name, dialogs, errors, consoleErrors }).toEqual({ name, dialogs: [], errors: [], consoleErrors: [] });
  }
}

describe('the H5 build in Chromium', () => {
  test(
    'two users chat: room list, messages both ways, typing, presence, escaped HTML, history after reload',
    withDiagnostics('chat', async () => {
      const alice = await openUser('Alice');
      await screenshot(alice, '01-signin');
      await signIn(alice);
      await createRoom(alice, 'Garden');

      const bob = await openUser('Bob');
      await signIn(bob);
      await screenshot(bob, '02-room-list');
      await joinFromList(bob, 'Garden');

      await send(alice, 'Hello Bob');
      await seesMessage(bob, 'Hello Bob');
      await send(bob, 'Hi Alice');
      await seesMessage(alice, 'Hi Alice');

      // Presence: each sees the other among the online members.
      await alice.page.locator('.chat-page .online-members-text', { hasText: 'Bob' }).waitFor();
      await bob.page.locator('.chat-page .online-members-text', { hasText: 'Alice' }).waitFor();

      // Typing, both ways; clearing the input ends it.
      await bob.page.locator('.chat-page textarea.composer-input').fill('Let me think');
      await alice.page.locator('.chat-page .typing-indicator--active', { hasText: 'Bob' }).waitFor();
      await screenshot(alice, '03-alice-sees-bob-typing');
      await bob.page.locator('.chat-page textarea.composer-input').fill('');
      await alice.page.locator('.chat-page .typing-indicator--active').waitFor({ state: 'detached' });
      await alice.page.locator('.chat-page textarea.composer-input').fill('Still there?');
      await bob.page.locator('.chat-page .typing-indicator--active', { hasText: 'Alice' }).waitFor();
      await alice.page.locator('.chat-page textarea.composer-input').fill('');

      // HTML in a message is text: shown literally, nothing runs, no <img> appears.
      await send(alice, XSS);
      await seesMessage(bob, XSS);
      await seesMessage(alice, XSS);
      for (const user of [alice, bob]) {
        const texts = await messageTexts(user);
        expect(texts.filter((text) => text === XSS)).toHaveLength(1);
        expect(await user.page.locator('.chat-page .message-list img').count()).toBe(0);
        expect(await user.page.locator('img[src="x"]').count()).toBe(0);
      }
      await screenshot(bob, '04-bob-chat');

      // History survives a reload.
      await bob.page.reload();
      await online(bob);
      await waitUntil(async () => (await messageTexts(bob)).length >= 3, 'the history after the reload');
      expect(await messageTexts(bob)).toEqual(['Hello Bob', 'Hi Alice', XSS]);
      await screenshot(bob, '05-bob-after-reload');

      expectNoPageProblems(alice, bob);
    }),
  );

  test(
    'messages sent offline are delivered once each, in order, when the network returns',
    withDiagnostics('offline', async () => {
      const carol = await openUser('Carol');
      await signIn(carol);
      await createRoom(carol, 'Tunnel');
      const dave = await openUser('Dave');
      await signIn(dave);
      await joinFromList(dave, 'Tunnel');
      await send(carol, 'before the tunnel');
      await seesMessage(dave, 'before the tunnel');

      const queued = ['offline one', 'offline two', 'offline three'];
      await carol.context.setOffline(true);
      await carol.page.locator('.chat-page .conn-banner--online').waitFor({ state: 'detached' });
      for (const text of queued) {
        await send(carol, text);
        await seesMessage(carol, text);
      }
      await screenshot(carol, '06-offline-queued');
      expect(await carol.page.locator('.chat-page .message-item--pending').count()).toBe(queued.length);
      expect(await messageTexts(dave)).toEqual(['before the tunnel']);
      await carol.context.setOffline(false);

      const expected = ['before the tunnel', ...queued];
      for (const user of [carol, dave]) {
        await waitUntil(
          async () => JSON.stringify(await messageTexts(user)) === JSON.stringify(expected),
          async () =>
            `${user.name} to show ${JSON.stringify(expected)} (shows ${JSON.stringify(await messageTexts(user))})`,
          30_000,
        );
      }
      const pending = carol.page.locator('.chat-page .message-item--pending');
      await waitUntil(async () => (await pending.count()) === 0, 'no message of Carol to be pending');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // Late duplicates would arrive here.
      for (const user of [carol, dave]) {
        const texts = await messageTexts(user);
        for (const text of expected)
          expect({ text, count: texts.filter((t) => t === text).length }).toEqual({ text, count: 1 });
        expect(texts).toEqual(expected);
      }
      await screenshot(dave, '07-offline-delivered');
      expectNoPageProblems(carol, dave);
    }),
  );
  test(
    'a private room: not listed for others, joined from a copied invite link in a fresh browser',
    withDiagnostics('invite', async () => {
      const alice = await openUser('Alice');
      await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await signIn(alice);
      await createRoom(alice, 'Lobby');
      await alice.page.locator('.chat-page .chat-back').click();
      await createRoom(alice, 'Hideout', 'private');
      await alice.page.locator('.chat-page .chat-lock').waitFor();

      // Another user sees the public room but not the private one.
      const bob = await openUser('Bob');
      await signIn(bob);
      await roomItem(bob, 'Lobby').waitFor();
      expect(await roomItem(bob, 'Hideout').count()).toBe(0);

      // Alice copies an invite link.
      await alice.page.locator('.chat-page .room-invite').click();
      const linkText = alice.page.locator('.chat-page .invite-link');
      await linkText.waitFor();
      await alice.page.locator('.chat-page .invite-copy').click();
      await alice.page.locator('.chat-page .invite-copy', { hasText: 'Copied' }).waitFor();
      const link = await alice.page.evaluate(() => navigator.clipboard.readText());
      expect(link).toBe(await linkText.innerText());
      expect(link).toMatch(new RegExp(`^${server.url}/#/pages/chat/index\\?roomId=[^&]+&invite=[\\w-]+$`));
      await screenshot(alice, '08-invite-link');

      // Bob opens it in a fresh browser: sign-in first, then straight into the room.
      const bobElsewhere = await openUser('Bob', link);
      await bobElsewhere.page.locator('.signin-page .signin-subtitle', { hasText: 'invited' }).waitFor();
      await signIn(bobElsewhere, { room: 'Hideout' });
      await online(bobElsewhere);
      await screenshot(bobElsewhere, '09-joined-by-invite');

      await send(bobElsewhere, 'Thanks for the invite');
      await seesMessage(alice, 'Thanks for the invite');
      await send(alice, 'Welcome, Bob');
      await seesMessage(bobElsewhere, 'Welcome, Bob');

      // A room joined by invite is a room like any other: listed, with its lock.
      await bobElsewhere.page.locator('.chat-page .chat-back').click();
      const joined = roomItem(bobElsewhere, 'Hideout');
      await joined.and(bobElsewhere.page.locator('.room-item--joined')).waitFor();
      await joined.locator('.room-item-lock').waitFor();
      await screenshot(bobElsewhere, '10-private-room-listed');

      expectNoPageProblems(alice, bob, bobElsewhere);
    }),
  );
});
