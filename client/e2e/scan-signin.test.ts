import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { SessionResponse } from '@tandem/protocol';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, WEAPP_ROOT, requireFile } from './support/paths';
import { openWebUser, webScreenshot } from './support/web-session';
import type { WebUser } from './support/web-session';
import { MiniProgram } from './weapp-sim';
import type { ViewNode } from './weapp-sim';
import { connectPeer, connectSession } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { startFakeWechat, wechatEnv } from '../test/support/fake-wechat';
import type { FakeWechat } from '../test/support/fake-wechat';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/**
 * Scan to sign in, both ends built: the web page (Chromium) shows its QR ticket; the mini program (the simulated
 * WeChat runtime), signed in with WeChat, "scans" it (`wx.scanCode` answered with the QR code's text, the only
 * thing faked: the camera) and confirms; the browser becomes the WeChat account with its rooms and unread counts.
 */

const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;

let browser: Browser;
let fakeWechat: FakeWechat;
let server: RunningServer;
const cleanups: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  requireFile(path.join(WEAPP_ROOT, 'app.js'), 'The weapp build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
});

// Each launch's wx.login codes start again at 1, which a WeChat (fake) that saw them refuses: one of each per test.
beforeEach(async () => {
  fakeWechat = await startFakeWechat();
  server = await startServer({ webRoot: H5_ROOT, env: wechatEnv(fakeWechat) });
  cleanups.push(
    () => fakeWechat.close(),
    () => server.stop(),
  );
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await browser?.close();
});

const enabled = (node: ViewNode | undefined) => (node && node.attr('disabled') !== true ? node : undefined);

/** The mini program, signed in with WeChat as `nickname`, on its room list. */
async function wechatUser(nickname: string): Promise<MiniProgram> {
  const mp = MiniProgram.launch({
    root: WEAPP_ROOT,
    hosts: { [BUILT_SERVER]: new URL(server.url).host },
    verbose: process.env.E2E_VERBOSE === '1',
  });
  cleanups.push(() => mp.dispose());
  const wechatButton = () => enabled(mp.view().byClassAndText('signin-wechat', '微信登录')[0]);
  await mp.type(
    await mp.waitFor(() => wechatButton() && mp.view().byClass('signin-nickname')[0], 'WeChat sign-in'),
    nickname,
  );
  mp.tap(wechatButton()!);
  await mp.waitFor(() => mp.view().byClassAndText('rooms-user', nickname)[0], `the room list signed in as ${nickname}`);
  return mp;
}

/** The mini program's own session, read from its storage: the test acts as the same account on a second socket. */
function storedSession(mp: MiniProgram): SessionResponse {
  const raw = mp.storage.get('tandem.session');
  if (raw === undefined) throw new Error('the mini program stored no session');
  // WeChat's storage keeps `{ v: value }`; the app's value is zustand's JSON text.
  const { v: stored } = JSON.parse(raw) as { v: unknown };
  const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  return (value as { state: SessionResponse }).state;
}

async function track(peer: Promise<Peer>): Promise<Peer> {
  const opened = await peer;
  cleanups.push(() => opened.close());
  return opened;
}

async function openBrowser(name: string): Promise<WebUser> {
  const user = await openWebUser(browser, server.url, name, {
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
  });
  cleanups.push(async () => {
    const { problems } = user;
    await user.context.close();
    expect(problems).toEqual([]);
  });
  return user;
}

test('a browser signs in as the WeChat account by scanning its QR code with the mini program', async () => {
  const mp = await wechatUser('Wei');
  // Wei's rooms: a private one, and a public one where Bob left two messages unread.
  const wei = await track(connectSession(server.url, storedSession(mp)));
  await wei.request('room:create', { name: 'Attic', visibility: 'private' });
  const bob = await track(connectPeer(server.url, 'Bob'));
  const { room: lobby } = await bob.request('room:create', { name: 'Lobby' });
  await wei.request('room:join', { roomId: lobby.id });
  await bob.send(lobby.id, 'first unread');
  await bob.send(lobby.id, 'second unread');

  const web = await openBrowser('Wei on the laptop');
  const { page } = web;
  await page.locator('.signin-page .signin-mode--scan').click();
  const qr = page.locator('.signin-page .qr-code');
  await qr.waitFor();
  await page.locator('.signin-page .qr-code-image img').waitFor();
  const ticketText = await qr.getAttribute('data-qr');
  expect(ticketText).toMatch(/^tandem:ticket:[A-Za-z0-9_-]{22}$/);
  await webScreenshot(web, 'scan-signin');

  // The phone: its profile, then "scan to sign in on a computer"; the camera sees the page's QR code.
  mp.device.scans.push(ticketText!);
  mp.tap(mp.view().byClass('rooms-profile')[0]!);
  mp.tap(await mp.waitFor(() => mp.view().byClass('link-device-scan')[0], 'the scan action'));
  const ask = await mp.waitFor(() => mp.view().byClass('link-device-ask')[0], 'which browser asks');
  expect(ask.text()).toContain('Chrome');
  await page.locator('.signin-page .scan-signin-status--scanned').waitFor();

  mp.tap(mp.view().byClass('link-device-confirm')[0]!);
  await mp.waitFor(() => mp.view().byClass('link-device-notice')[0], 'the confirm answered');

  await page.locator('.rooms-page .rooms-user', { hasText: 'Wei' }).waitFor({ timeout: 5_000 });
  const item = (name: string) =>
    page.locator('.rooms-page .room-item', { has: page.locator('.room-item-name', { hasText: name }) });
  await item('Attic').waitFor();
  await expect(item('Lobby').locator('.room-item-unread').textContent()).resolves.toBe('2');
  expect(mp.problems()).toEqual([]);
});

test('the mini program refuses, and the browser is told and can show a new code', async () => {
  const mp = await wechatUser('Wei');
  const web = await openBrowser('Someone else');
  const { page } = web;
  await page.locator('.signin-page .signin-mode--scan').click();
  const qr = page.locator('.signin-page .qr-code');
  const first = await qr.getAttribute('data-qr');

  mp.device.scans.push(first!);
  mp.tap(mp.view().byClass('rooms-profile')[0]!);
  mp.tap(await mp.waitFor(() => mp.view().byClass('link-device-scan')[0], 'the scan action'));
  mp.tap(await mp.waitFor(() => mp.view().byClass('link-device-refuse')[0], 'the refuse action'));
  await page.locator('.signin-page .scan-signin-refused').waitFor();
  await page.locator('.signin-page .scan-signin-retry').click();
  await page.locator('.signin-page .qr-code').waitFor();
  expect(await page.locator('.signin-page .qr-code').getAttribute('data-qr')).not.toBe(first);

  // A closed scanner is nothing; another app's QR code is said so.
  mp.device.scans.push('https://example.com/not-ours');
  mp.tap(mp.view().byClass('link-device-scan')[0]!);
  await mp.waitFor(() => mp.view().byClass('link-device-error')[0], 'the wrong QR code said so');
  expect(mp.problems()).toEqual([]);
});
