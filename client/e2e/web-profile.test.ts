import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { solidPng } from './support/png';
import {
  axeViolations,
  openProfile,
  openRoomFromList,
  openWebUser,
  signInOnWeb,
  webScreenshot,
} from './support/web-session';
import type { WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/** The profile page in Chromium: a new display name and avatar, seen by another user in another browser context. */

let browser: Browser;
let server: RunningServer;
const users: WebUser[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startServer({ webRoot: H5_ROOT });
});

/** The refused text file answers 400, which Chromium logs as a console error: an answer this test asks for. */
const EXPECTED_REFUSAL = /^console\.error: Failed to load resource: the server responded with a status of 400 /;

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

async function open(name: string): Promise<WebUser> {
  const opened = await openWebUser(browser, server.url, name);
  users.push(opened);
  await signInOnWeb(opened);
  return opened;
}

/** Chooses `file` in the file picker the avatar button opens. */
async function chooseAvatar(user: WebUser, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = user.page.waitForEvent('filechooser');
  await user.page.locator('.profile-page .profile-avatar-choose').click();
  await (await chooser).setFiles(file);
}

describe('the profile on the web', () => {
  test('a new name and avatar show beside the user’s messages in another browser, old ones included', async () => {
    const ann = await open('Ann');
    await ann.page.locator('.rooms-page .room-create-name input').fill('Garden');
    await ann.page.locator('.rooms-page .room-create-submit').click();
    await ann.page.locator('.chat-page .conn-banner--online:visible').waitFor();
    await ann.page.locator('.chat-page textarea.composer-input').fill('before the change');
    await ann.page.locator('.chat-page .composer-send').click();
    await ann.page.locator('.chat-page .message-text', { hasText: 'before the change' }).waitFor();

    const bob = await open('Bob');
    await openRoomFromList(bob, 'Garden');
    const annsMessage = (text: string) =>
      bob.page.locator('.chat-page .message-item--other', {
        has: bob.page.locator('.message-text', { hasText: text }),
      });
    await annsMessage('before the change').locator('.avatar-initial', { hasText: 'A' }).waitFor();

    await ann.page.goBack();
    await openProfile(ann);
    const { page } = ann;
    // Not an image, whatever its name says: refused with a clear message, nothing changes.
    await chooseAvatar(ann, { name: 'cat.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
    await page.locator('.profile-page .profile-avatar-error', { hasText: 'not an image' }).waitFor();
    expect(await page.locator('.profile-page .profile-avatar .avatar-image').count()).toBe(0);

    await chooseAvatar(ann, { name: 'red.png', mimeType: 'image/png', buffer: solidPng(64, 48, [220, 40, 40]) });
    await page.locator('.profile-page .profile-avatar .avatar-image').waitFor();
    expect(await page.locator('.profile-page .profile-avatar-error').count()).toBe(0);
    await page.locator('.profile-page .profile-name-input input').fill('Ann Lee');
    await page.locator('.profile-page .profile-name-save').click();
    await page.locator('.profile-page .profile-name-saved').waitFor();
    await webScreenshot(ann, 'profile');
    expect(await axeViolations(page)).toEqual([]);

    // Bob's open room follows at once (user:updated): the old message shows the new name and picture.
    const before = annsMessage('before the change');
    await before.locator('.message-sender', { hasText: 'Ann Lee' }).waitFor();
    await before.locator('.avatar-image').waitFor();

    // Bob answers, so Ann's next message starts a new run, which shows its sender's name and picture.
    await bob.page.locator('.chat-page textarea.composer-input').fill('nice picture');
    await bob.page.locator('.chat-page .composer-send').click();
    await bob.page.locator('.chat-page .message-text', { hasText: 'nice picture' }).waitFor();

    await page.goBack();
    await page.locator('.rooms-page .rooms-user', { hasText: 'Ann Lee' }).waitFor();
    await page.locator('.rooms-page .rooms-profile .avatar-image').waitFor();
    await openRoomFromList(ann, 'Garden');
    await page.locator('.chat-page textarea.composer-input').fill('after the change');
    await page.locator('.chat-page .composer-send').click();

    const after = annsMessage('after the change');
    await after.locator('.message-sender', { hasText: 'Ann Lee' }).waitFor();
    const image = after.locator('.avatar-image img');
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(new RegExp(`^${server.url}/api/avatars/[^?]+\\?v=\\d+$`));
    // The picture loaded: the server's re-encoded 256x256 WebP.
    const loaded = await image.elementHandle();
    await bob.page.waitForFunction((element) => (element as HTMLImageElement).naturalWidth > 0, loaded, {
      timeout: 5000,
    });
    expect(await image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(256);
    await webScreenshot(bob, 'profile-avatar-in-chat');
  });
});
