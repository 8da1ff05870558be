import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openProfile, openRoomFromList, openWebUser, webScreenshot } from './support/web-session';
import type { OpenOptions, WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/** Accounts in Chromium: one account on a phone-size and a desktop page, and a guest keeping its account. */

let browser: Browser;
let server: RunningServer;
const users: WebUser[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startServer({ webRoot: H5_ROOT });
});

/**
 * Chromium logs every 4xx answer as a console error; a wrong password (401) and a taken username (409) are answers
 * these tests ask for. Anything else is a problem.
 */
const EXPECTED_REFUSAL = /^console\.error: Failed to load resource: the server responded with a status of (401|409) /;

afterEach(async () => {
  for (const user of users.splice(0)) {
    const problems = user.problems.filter((problem) => !EXPECTED_REFUSAL.test(problem));
    await user.context.close();
    expect({ user: user.name, problems }).toEqual({ user: user.name, problems: [] });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(name: string, options: OpenOptions = {}): Promise<WebUser> {
  const opened = await openWebUser(browser, server.url, name, options);
  users.push(opened);
  return opened;
}

const DESKTOP = { viewport: { width: 1280, height: 800 } };

async function withPassword(user: WebUser, mode: 'signin' | 'signup', username: string, password: string) {
  const { page } = user;
  await page.locator(`.signin-page .signin-mode--${mode}`).click();
  await page.locator('.signin-page .signin-username input').fill(username);
  await page.locator('.signin-page .signin-password input').fill(password);
  if (mode === 'signup') await page.locator('.signin-page .signin-nickname input').fill(user.name);
  await page.locator('.signin-page .signin-submit').click();
  await page.locator('.rooms-page .rooms-user', { hasText: user.name }).waitFor();
}

async function createPrivateRoom(user: WebUser, name: string, text: string) {
  const { page } = user;
  await page.locator('.rooms-page .room-create-name input').fill(name);
  await page.locator('.rooms-page .room-create-private').click();
  await page.locator('.rooms-page .room-create-submit').click();
  await page.locator('.chat-page .chat-title', { hasText: name }).waitFor();
  await page.locator('.chat-page .conn-banner--online:visible').waitFor();
  await page.locator('.chat-page textarea.composer-input').fill(text);
  await page.locator('.chat-page .composer-send').click();
  await page.locator('.chat-page .message-text', { hasText: text }).waitFor();
  await page.goBack();
  await page.locator('.rooms-page .rooms-user').waitFor();
}

/** Signs out from the profile page, confirming when asked. */
async function signOut(user: WebUser) {
  if ((await user.page.locator('.profile-page .signout').count()) === 0) await openProfile(user);
  await user.page.locator('.profile-page .signout').click();
  await user.page.locator('.profile-page .signout-confirm').click();
  await user.page.locator('.signin-page .signin-submit').waitFor();
}

describe('accounts on the web', () => {
  test('one account on a phone and a laptop; signing out and in again keeps rooms and history', async () => {
    const phone = await open('Ann');
    await withPassword(phone, 'signup', 'Ann.Lee', 'correct horse battery');
    await createPrivateRoom(phone, 'Ann notes', 'remember the milk');
    // An account is asked to confirm, without the guest's warning: it can sign in again.
    await openProfile(phone);
    await phone.page.locator('.profile-page .signout').click();
    expect(await phone.page.locator('.profile-page .guest-account').count()).toBe(0);
    await phone.page.locator('.profile-page .confirm-bar-cancel').click();
    await signOut(phone);
    await webScreenshot(phone, 'signin-account');
    await phone.page.locator('.signin-page .signin-mode--signin').click();
    await phone.page.locator('.signin-page .signin-username input').fill('ann.lee');
    await phone.page.locator('.signin-page .signin-password input').fill('wrong horse battery');
    await phone.page.locator('.signin-page .signin-submit').click();
    await phone.page.locator('.signin-page .signin-error', { hasText: 'Wrong username or password' }).waitFor();
    await withPassword(phone, 'signin', 'ANN.LEE', 'correct horse battery');
    await openRoomFromList(phone, 'Ann notes');
    await phone.page.locator('.chat-page .message-text', { hasText: 'remember the milk' }).waitFor();

    const laptop = await open('Ann', DESKTOP);
    await withPassword(laptop, 'signin', 'Ann.Lee', 'correct horse battery');
    await openRoomFromList(laptop, 'Ann notes', '.chat-pane');
    await laptop.page.locator('.chat-pane .message-text', { hasText: 'remember the milk' }).waitFor();
  });

  test('a taken username is refused with a clear message', async () => {
    const first = await open('Bo');
    await withPassword(first, 'signup', 'bo_1', 'correct horse battery');
    const second = await open('Bob');
    await second.page.locator('.signin-page .signin-mode--signup').click();
    await second.page.locator('.signin-page .signin-username input').fill('BO_1');
    await second.page.locator('.signin-page .signin-password input').fill('another password');
    await second.page.locator('.signin-page .signin-submit').click();
    await second.page.locator('.signin-page .signin-error', { hasText: 'That username is taken' }).waitFor();
  });

  test('a guest is warned before signing out, claims its account, and signs in with it later', async () => {
    const guest = await open('Gus');
    await guest.page.locator('.signin-page .signin-nickname input').fill('Gus');
    await guest.page.locator('.signin-page .signin-submit').click();
    await guest.page.locator('.rooms-page .rooms-user', { hasText: 'Gus' }).waitFor();
    await createPrivateRoom(guest, 'Gus room', 'guest words');
    await openProfile(guest);
    await guest.page.locator('.profile-page .guest-account').waitFor();
    await guest.page.locator('.profile-page .signout').click();
    await guest.page.locator('.profile-page .guest-account--warning').waitFor();
    await guest.page.locator('.profile-page .guest-claim-open').click();
    await guest.page.locator('.profile-page .guest-claim-username input').fill('gus');
    await guest.page.locator('.profile-page .guest-claim-password input').fill('correct horse battery');
    await guest.page.locator('.profile-page .guest-claim-submit').click();
    await guest.page.locator('.profile-page .guest-account').waitFor({ state: 'detached' });
    await signOut(guest);
    await withPassword(guest, 'signin', 'Gus', 'correct horse battery');
    await openRoomFromList(guest, 'Gus room');
    await guest.page.locator('.chat-page .message-text', { hasText: 'guest words' }).waitFor();

    // Leaving a room asks first; a private room says that coming back takes an invite.
    const { page } = guest;
    await page.locator('.chat-page .room-leave').click();
    await page.locator('.chat-page .confirm-bar', { hasText: 'new invite' }).waitFor();
    await page.locator('.chat-page .confirm-bar-cancel').click();
    await page.locator('.chat-page .confirm-bar').waitFor({ state: 'detached' });
    await page.locator('.chat-page .room-leave').click();
    await page.locator('.chat-page .room-leave-confirm').click();
    await page.locator('.rooms-page .rooms-user').waitFor();
    const listed = page.locator('.rooms-page .room-item-name', { hasText: 'Gus room' });
    await listed.waitFor({ state: 'detached' });
  });
});
