import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { startFrontProxy } from './support/front-proxy';
import type { FrontProxy } from './support/front-proxy';
import { H5_ROOT, requireFile } from './support/paths';
import { openRoomFromList, openWebUser, signInOnWeb } from './support/web-session';
import type { WebUser } from './support/web-session';

/**
 * The built H5 app as a deployment serves it: https://…/ from nginx terminating TLS in front of 2 nodes (shared
 * PostgreSQL), two people in Chromium chatting over wss.
 */

interface Traffic {
  /** URLs of every request the page made (documents, scripts, API, polling). */
  requests: string[];
  /** URLs of the page's websockets, with how many frames each received. */
  websockets: { url: string; framesReceived: number }[];
}

let proxy: FrontProxy;
let browser: Browser;
const users: WebUser[] = [];

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  browser = await launchChromium();
  proxy = await startFrontProxy({ webRoot: H5_ROOT });
});

afterAll(async () => {
  for (const user of users.splice(0)) await user.context.close();
  await browser?.close();
  await proxy?.stop();
});

/** A person in their own context, trusting the run's self-signed certificate, with the page's traffic recorded. */
async function open(name: string): Promise<{ user: WebUser; traffic: Traffic }> {
  const user = await openWebUser(browser, 'about:blank', name, { ignoreHTTPSErrors: true });
  users.push(user);
  const traffic: Traffic = { requests: [], websockets: [] };
  user.page.on('request', (request) => traffic.requests.push(request.url()));
  user.page.on('websocket', (websocket) => {
    const entry = { url: websocket.url(), framesReceived: 0 };
    traffic.websockets.push(entry);
    websocket.on('framereceived', () => (entry.framesReceived += 1));
  });
  await user.page.goto(`${proxy.url}/`);
  return { user, traffic };
}

async function send(user: WebUser, text: string): Promise<void> {
  await user.page.locator('.chat-page textarea.composer-input').fill(text);
  await user.page.locator('.chat-page .composer-send').click();
}

const sees = (user: WebUser, text: string) =>
  user.page.locator('.chat-page .message-list .message-text', { hasText: text }).waitFor();

it('signs in two people who chat through nginx over https and wss', async () => {
  const alice = await open('Alice');
  await signInOnWeb(alice.user);

  const { page } = alice.user;
  await page.locator('.rooms-page .room-create-name input').fill('Behind nginx');
  await page.locator('.rooms-page .room-create-public').click();
  await page.locator('.rooms-page .room-create-submit').click();
  await page.locator('.chat-page .chat-title', { hasText: 'Behind nginx' }).waitFor();
  await page.locator('.chat-page .conn-banner--online').waitFor();
  const bob = await open('Bob');
  await signInOnWeb(bob.user);
  await openRoomFromList(bob.user, 'Behind nginx');

  await send(alice.user, 'Hello over wss');
  await sees(bob.user, 'Hello over wss');
  await send(bob.user, 'Loud and clear');
  await sees(alice.user, 'Loud and clear');

  const wss = `${proxy.url.replace('https:', 'wss:')}/socket.io/`;
  for (const { user, traffic } of [alice, bob]) {
    expect(user.problems).toEqual([]);
    expect(traffic.requests.filter((url) => !url.startsWith(`${proxy.url}/`))).toEqual([]);
    expect(traffic.websockets.length).toBeGreaterThanOrEqual(1);
    for (const websocket of traffic.websockets) expect(websocket.url.startsWith(wss)).toBe(true);
    // Socket.IO upgrades to the websocket and the chat arrived over it.
    expect(traffic.websockets.some((websocket) => websocket.framesReceived > 0)).toBe(true);
  }

  // nginx logs a websocket when it closes: 101 Switching Protocols, answered by a node.
  for (const user of users.splice(0)) await user.context.close();
  const upgrades = () => proxy.requests().filter((entry) => entry.request.includes('transport=websocket'));
  const deadline = Date.now() + 5000;
  while (upgrades().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(upgrades().length).toBeGreaterThanOrEqual(2);
  for (const entry of upgrades()) expect(entry.status).toBe(101);
});
