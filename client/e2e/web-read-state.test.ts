import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openRoomFromList, openWebUser, signInOnWeb, webScreenshot } from './support/web-session';
import type { OpenOptions, WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';

/**
 * Read state that follows the person, in Chromium: one account on a desktop and a phone (two browser contexts, the
 * second given the first one's session, as a second device of the account holds it). A room read on one clears
 * its badge on the other within a second.
 */

const SESSION_KEY = 'tandem.session';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

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

async function user(name: string, options: OpenOptions): Promise<WebUser> {
  const opened = await openWebUser(browser, server.url, name, options);
  users.push(opened);
  return opened;
}

/** The same account on another device: only the stored session is copied, nothing of the rooms or messages. */
async function secondDevice(first: WebUser, options: OpenOptions): Promise<WebUser> {
  const session = await first.page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
  if (!session) throw new Error('the first device holds no session');
  const second = await user(first.name, options);
  await second.page.evaluate(([key, value]) => localStorage.setItem(key, value), [SESSION_KEY, session] as const);
  await second.page.reload();
  await second.page.locator('.rooms-page .rooms-user', { hasText: first.name }).waitFor();
  return second;
}

const badgeOf = (device: WebUser, room: string): Locator =>
  device.page
    .locator('.rooms-page .room-item', { has: device.page.locator('.room-item-name', { hasText: room }) })
    .locator('.room-item-unread');

describe('read state across devices in Chromium', () => {
  test('a room read on the desktop clears its badge on the phone within a second', async () => {
    const bob = await connectPeer(server.url, 'Bob');
    peers.push(bob);
    const { room } = await bob.request('room:create', { name: 'Shared reads', visibility: 'public' });

    const desktop = await user('Dana', { viewport: DESKTOP });
    await signInOnWeb(desktop);
    const phone = await secondDevice(desktop, { viewport: PHONE });
    // The phone joins; the desktop, not told, learns it from the server when it next lists the rooms.
    await openRoomFromList(phone, 'Shared reads');
    await phone.page.locator('.chat-page .chat-back').click();
    await phone.page.locator('.rooms-page .room-item').first().waitFor();

    for (const text of ['first', 'second', 'third']) await bob.send(room.id, text);
    await badgeOf(phone, 'Shared reads').filter({ hasText: '3' }).waitFor();
    // A fresh start of the desktop shows the server's count at once.
    await desktop.page.reload();
    await badgeOf(desktop, 'Shared reads').filter({ hasText: '3' }).waitFor();
    await webScreenshot(phone, 'read-state-phone-unread');

    await openRoomFromList(desktop, 'Shared reads', '.rooms-page .chat-pane');
    await desktop.page.locator('.rooms-page .chat-pane .message-text', { hasText: 'third' }).waitFor();
    await badgeOf(phone, 'Shared reads').waitFor({ state: 'detached', timeout: 1000 });
    await expectNoBadge(desktop);
    await webScreenshot(phone, 'read-state-phone-read');
  });
});

async function expectNoBadge(device: WebUser): Promise<void> {
  expect(await device.page.locator('.rooms-page .room-item-unread').count()).toBe(0);
}
