import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openProfile, openWebUser, webScreenshot } from './support/web-session';
import type { OpenOptions, WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/** Devices in Chromium: one account in two browser contexts, one signing the other out. */

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
    // The device signed out forgets its session without asking the server again: no 401 in its console either.
    const { problems } = user;
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

async function withPassword(user: WebUser, mode: 'signin' | 'signup', username: string, password: string) {
  const { page } = user;
  await page.locator(`.signin-page .signin-mode--${mode}`).click();
  await page.locator('.signin-page .signin-username input').fill(username);
  await page.locator('.signin-page .signin-password input').fill(password);
  if (mode === 'signup') await page.locator('.signin-page .signin-nickname input').fill(user.name);
  await page.locator('.signin-page .signin-submit').click();
  await page.locator('.rooms-page .rooms-user', { hasText: user.name }).waitFor();
}

describe('devices on the web', () => {
  test('one account on two browsers: the laptop lists both and signs the phone out after confirming', async () => {
    const laptop = await open('Dee', { viewport: { width: 1280, height: 800 } });
    await withPassword(laptop, 'signup', 'dee.devices', 'correct horse battery');
    const phone = await open('Dee');
    await withPassword(phone, 'signin', 'dee.devices', 'correct horse battery');
    await phone.page.locator('.rooms-page .conn-banner--online:visible').waitFor();

    const { page } = laptop;
    await openProfile(laptop);
    await page.locator('.profile-page .devices-toggle').click();
    const items = page.locator('.devices-panel .device-item');
    await items.nth(1).waitFor();
    expect(await items.count()).toBe(2);
    // Newest first: the phone signed in last; the laptop is this device.
    const other = items.nth(0);
    expect(await other.locator('.device-name').textContent()).toBe('Chrome on Linux');
    expect(await other.locator('.device-detail').textContent()).toContain('127.0.0.1');
    expect(await items.nth(1).locator('.device-current').textContent()).toBe('This device');
    await webScreenshot(laptop, 'devices');

    // Asked first: cancelling keeps the phone signed in.
    await other.locator('.device-signout').click();
    await page.locator('.devices-panel .confirm-bar-text', { hasText: 'Chrome on Linux' }).waitFor();
    await page.locator('.devices-panel .confirm-bar-cancel').click();
    expect(await page.locator('.devices-panel .confirm-bar').count()).toBe(0);
    await other.locator('.device-signout').click();
    await page.locator('.devices-panel .device-signout-confirm').click();

    // The phone is back on the sign-in page within a few seconds, and the laptop lists itself alone.
    await phone.page.locator('.signin-page .signin-submit').waitFor({ timeout: 5000 });
    await page.locator('.devices-panel .device-item').nth(1).waitFor({ state: 'detached' });
    expect(await page.locator('.devices-panel .device-item .device-current').count()).toBe(1);
    // The laptop stays signed in and connected.
    await page.locator('.profile-page .conn-banner--online:visible').waitFor();
  });
});
