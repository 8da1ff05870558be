import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { axeViolations, openRoomFromList, openWebUser, signInOnWeb, webScreenshot } from './support/web-session';
import type { OpenOptions, WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { seedMessages } from '../test/support/seed';

/**
 * The chat screen in Chromium: the windowed list keeps the reading position, the layout splits on wide screens,
 * pages open offline, and an accessibility audit passes.
 */

let browser: Browser;
let server: RunningServer;
const cleanups: (() => Promise<void> | void)[] = [];
const users: WebUser[] = [];

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
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function user(name: string, options: OpenOptions = {}, on = server): Promise<WebUser> {
  const opened = await openWebUser(browser, on.url, name, options);
  users.push(opened);
  return opened;
}

async function peer(name: string, on = server): Promise<Peer> {
  const created = await connectPeer(on.url, name);
  cleanups.push(() => created.close());
  return created;
}

/** A public room made by a peer, holding `count` seeded messages. */
async function seededRoom(owner: Peer, name: string, count: number) {
  const { room } = await owner.request('room:create', { name, visibility: 'public' });
  const messages = await seedMessages(owner, room.id, count, { prefix: name });
  return { roomId: room.id, messages };
}

const LIST = '#message-list';

/** A message row's top relative to the list's top, in px (null when not rendered). */
const rowTop = (page: Page, text: string) =>
  page.evaluate(
    ({ list, text }) => {
      const scroller = document.querySelector(list);
      const row = [...document.querySelectorAll(`${list} .message-item`)].find(
        (item) => item.querySelector('.message-text')?.textContent === text,
      );
      if (!scroller || !row) return null;
      return row.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    },
    { list: LIST, text },
  );

const renderedTexts = (page: Page) =>
  page.$$eval(`${LIST} .message-text`, (nodes) => nodes.map((node) => node.textContent ?? ''));

/** The first message whose row is fully inside the list's visible area. */
const firstVisibleText = (page: Page) =>
  page.evaluate((list) => {
    const scroller = document.querySelector(list)!;
    const box = scroller.getBoundingClientRect();
    const row = [...document.querySelectorAll(`${list} .message-item`)].find((item) => {
      const rect = item.getBoundingClientRect();
      return rect.top >= box.top && rect.bottom <= box.bottom;
    });
    return row?.querySelector('.message-text')?.textContent ?? null;
  }, LIST);

/** Whether the row with `text` is entirely inside the list's visible area. */
const fullyVisible = (page: Page, text: string) =>
  page.evaluate(
    ({ list, text }) => {
      const box = document.querySelector(list)!.getBoundingClientRect();
      const row = [...document.querySelectorAll(`${list} .message-item`)].find(
        (item) => item.querySelector('.message-text')?.textContent === text,
      );
      if (!row) return false;
      const rect = row.getBoundingClientRect();
      return rect.top >= box.top - 1 && rect.bottom <= box.bottom + 1;
    },
    { list: LIST, text },
  );

const scrollListTo = (page: Page, top: number) =>
  page.evaluate(
    ({ list, top }) => {
      document.querySelector(list)!.scrollTop = top;
    },
    { list: LIST, top },
  );

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('reading a long room in Chromium', () => {
  test('opens at the newest message, renders a bounded window, and loading older messages does not move the view', async () => {
    const owner = await peer('Owner');
    const { messages } = await seededRoom(owner, 'Long', 400);
    const newest = messages[messages.length - 1]!.text;
    const reader = await user('Reader');
    await signInOnWeb(reader);
    await openRoomFromList(reader, 'Long');
    await until(() => fullyVisible(reader.page, newest), 'the newest message fully in view');
    expect(await reader.page.locator(`${LIST} .message-item`).count()).toBeLessThanOrEqual(120);

    // Page up several times: each time the message that was at the top stays where it was.
    for (let page = 0; page < 4; page++) {
      await scrollListTo(reader.page, 0);
      const anchor = (await renderedTexts(reader.page))[0]!;
      const before = await rowTop(reader.page, anchor);
      await until(async () => (await renderedTexts(reader.page))[0] !== anchor, `older messages above "${anchor}"`);
      const after = await rowTop(reader.page, anchor);
      expect(before).not.toBeNull();
      expect(Math.abs(after! - before!)).toBeLessThanOrEqual(2);
      expect(await reader.page.locator(`${LIST} .message-item`).count()).toBeLessThanOrEqual(120);
    }
    await webScreenshot(reader, 'reading-older');
  });

  test('new messages while reading older ones keep the position and show a pill that goes to the newest', async () => {
    const owner = await peer('Owner');
    const { roomId } = await seededRoom(owner, 'Busy', 200);
    const reader = await user('Reader');
    await signInOnWeb(reader);
    await openRoomFromList(reader, 'Busy');
    await reader.page.locator(`${LIST} .message-text`, { hasText: 'Busy 200' }).waitFor();

    await reader.page.evaluate((list) => {
      const scroller = document.querySelector(list)!;
      scroller.scrollTop = scroller.scrollHeight - scroller.clientHeight - 600;
    }, LIST);
    await until(async () => (await firstVisibleText(reader.page)) !== null, 'a message in view');
    // Let the scroll event settle the list into reading mode.
    await reader.page.waitForTimeout(200);
    const reading = (await firstVisibleText(reader.page))!;
    const before = await rowTop(reader.page, reading);

    for (const text of ['fresh 1', 'fresh 2', 'fresh 3']) await owner.send(roomId, text);
    const pill = reader.page.locator('.new-messages-pill');
    await pill.filter({ hasText: '3 new messages' }).waitFor();
    expect(Math.abs((await rowTop(reader.page, reading))! - before!)).toBeLessThanOrEqual(2);
    await webScreenshot(reader, 'new-messages-pill');

    await pill.click();
    await until(() => fullyVisible(reader.page, 'fresh 3'), 'the newest message after tapping the pill');
    await pill.waitFor({ state: 'detached' });
  });
});

/** Every `message:history` payload the page sends, over the websocket or a long-polling request. */
function historyRequests(page: Page): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  const take = (packet: string) => {
    const match = /^42\d*(\[.*)$/s.exec(packet);
    if (!match?.[1]) return;
    const [event, payload] = JSON.parse(match[1]) as [string, Record<string, unknown>];
    if (event === 'message:history') sent.push(payload);
  };
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => typeof payload === 'string' && take(payload)),
  );
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/socket.io/')) {
      for (const packet of (request.postData() ?? '').split('\x1e')) take(packet);
    }
  });
  return sent;
}

/** The seqs of the rendered `Far <n>` messages, in order. */
const renderedSeqs = async (page: Page) =>
  (await renderedTexts(page)).map((text) => Number(/^Far (\d+)$/.exec(text)?.[1] ?? NaN));
const consecutive = (seqs: number[]) => seqs.every((seq, index) => index === 0 || seq === seqs[index - 1]! + 1);

describe('a room read far back in Chromium', () => {
  test('holds a bounded window, pages newer messages back by seq, and jumps to the latest without gaps', async () => {
    const owner = await peer('Owner');
    const size = 3_000;
    const { roomId } = await seededRoom(owner, 'Far', size);
    const reader = await user('Deep');
    const requests = historyRequests(reader.page);
    await signInOnWeb(reader);
    await openRoomFromList(reader, 'Far');
    await until(() => fullyVisible(reader.page, `Far ${size}`), 'the newest message fully in view');

    // Up past twice the held bound (600): at most 120 rows on screen all the way.
    while ((await renderedSeqs(reader.page))[0]! > size - 1_300) {
      const first = (await renderedTexts(reader.page))[0]!;
      await scrollListTo(reader.page, 0);
      await until(async () => (await renderedTexts(reader.page))[0] !== first, `older messages above "${first}"`);
      const seqs = await renderedSeqs(reader.page);
      expect(seqs.length).toBeLessThanOrEqual(120);
      expect(consecutive(seqs)).toBe(true);
    }
    expect(requests.some((request) => typeof request.beforeSeq === 'number')).toBe(true);
    expect(requests.some((request) => typeof request.afterSeq === 'number')).toBe(false);

    // A new message meanwhile: counted on the pill, the view does not move, nothing is fetched for it.
    await reader.page.waitForTimeout(200);
    const reading = (await firstVisibleText(reader.page))!;
    const before = await rowTop(reader.page, reading);
    const pill = reader.page.locator('.new-messages-pill');
    const count = async () => Number((await pill.textContent())?.replace(/\D/g, '') ?? NaN);
    const pillBefore = await count();
    const sentBefore = requests.length;
    await owner.send(roomId, `Far ${size + 1}`);
    await until(async () => (await count()) === pillBefore + 1, 'the pill counting the new message');
    expect(Math.abs((await rowTop(reader.page, reading))! - before!)).toBeLessThanOrEqual(2);
    await reader.page.waitForTimeout(500);
    expect(requests.slice(sentBefore).filter((request) => request.afterSeq !== undefined)).toEqual([]);

    // Down again: the newest held are gone, so pages come back from the server after the held ones, in order.
    let newerPages = 0;
    while (!requests.some((request) => typeof request.afterSeq === 'number') || newerPages < 3) {
      const last = (await renderedTexts(reader.page)).at(-1)!;
      await reader.page.evaluate((list) => {
        const scroller = document.querySelector(list)!;
        scroller.scrollTop = scroller.scrollHeight;
      }, LIST);
      await until(async () => (await renderedTexts(reader.page)).at(-1) !== last, `newer messages below "${last}"`);
      if (requests.some((request) => typeof request.afterSeq === 'number')) newerPages += 1;
      const seqs = await renderedSeqs(reader.page);
      expect(seqs.length).toBeLessThanOrEqual(120);
      expect(consecutive(seqs)).toBe(true);
      // Rows left the top: the row that was last stays in view where the scroll left it, not 40 rows up.
      expect(await fullyVisible(reader.page, last)).toBe(true);
    }
    const afterSeqs = requests.flatMap((request) => (typeof request.afterSeq === 'number' ? [request.afterSeq] : []));
    // The first page after the held window starts below the newest by more than the held bound: they were dropped.
    expect(size - afterSeqs[0]!).toBeGreaterThan(600);
    expect(afterSeqs.every((seq, index) => index === 0 || seq === afterSeqs[index - 1]! + 100)).toBe(true);

    await pill.click();
    await until(() => fullyVisible(reader.page, `Far ${size + 1}`), 'the newest message after jumping to the latest');
    const newest = await renderedSeqs(reader.page);
    expect(newest.at(-1)).toBe(size + 1);
    expect(newest.at(-2)).toBe(size);
    expect(consecutive(newest)).toBe(true);
    expect(new Set(newest).size).toBe(newest.length);
    await pill.waitFor({ state: 'detached' });
    await webScreenshot(reader, 'read-far-back-latest');
  }, 240_000);
});

describe('unread messages in Chromium', () => {
  test('a room reopened after messages arrived shows a divider above the first unread one, and none for live ones', async () => {
    const owner = await peer('Owner');
    const { roomId } = await seededRoom(owner, 'Later', 10);
    const reader = await user('Returning');
    await signInOnWeb(reader);
    await openRoomFromList(reader, 'Later');
    await reader.page.locator('.chat-page .chat-back').click();
    await reader.page.locator('.rooms-page .room-item').first().waitFor();
    for (const text of ['unread 1', 'unread 2']) await owner.send(roomId, text);
    await reader.page.locator('.rooms-page .room-item-unread', { hasText: '2' }).waitFor();

    await openRoomFromList(reader, 'Later');
    await reader.page.locator(`${LIST} .message-text`, { hasText: 'unread 2' }).waitFor();
    const order = await reader.page.$$eval(`${LIST} .unread-divider, ${LIST} .message-text`, (nodes) =>
      nodes.map((node) => (node.classList.contains('unread-divider') ? '--' : (node.textContent ?? ''))),
    );
    expect(order.slice(-3)).toEqual(['--', 'unread 1', 'unread 2']);
    await owner.send(roomId, 'live');
    await reader.page.locator(`${LIST} .message-text`, { hasText: 'live' }).waitFor();
    expect(await reader.page.locator(`${LIST} .unread-divider`).count()).toBe(1);
  });
});

describe('layout and app shell in Chromium', () => {
  test('at 1280 px the room list and the open room sit side by side', async () => {
    const owner = await peer('Owner');
    await seededRoom(owner, 'Wide', 30);
    const reader = await user('Desk', { viewport: { width: 1280, height: 800 } });
    await signInOnWeb(reader);
    await openRoomFromList(reader, 'Wide', '.rooms-page .chat-pane');
    const list = await reader.page.locator('.rooms-page .rooms-column').boundingBox();
    const pane = await reader.page.locator('.rooms-page .chat-pane').boundingBox();
    expect(list && pane && list.x + list.width <= pane.x + 1).toBe(true);
    expect(reader.page.url()).toContain('pages/rooms/index');
    await reader.page.locator('.rooms-page .chat-pane .message-text', { hasText: 'Wide 30' }).waitFor();
    await webScreenshot(reader, 'desktop-two-pane');
  });

  test('pages open without the server once the app has loaded, and back returns to the room list', async () => {
    const own = await startServer({ webRoot: H5_ROOT });
    cleanups.push(() => own.stop());
    const owner = await peer('Owner', own);
    await seededRoom(owner, 'Offline', 5);
    const reader = await user('Away', {}, own);
    await signInOnWeb(reader);
    await openRoomFromList(reader, 'Offline');
    await reader.page.locator('.chat-page .chat-back').click();
    await reader.page.locator('.rooms-page .room-item').first().waitFor();

    await own.stop();
    await reader.page.locator('.conn-banner--online').waitFor({ state: 'detached' });
    await reader.page.locator('.rooms-page .room-item', { hasText: 'Offline' }).click();
    await reader.page.locator('.chat-page .message-text', { hasText: 'Offline 5' }).waitFor();
    await reader.page.locator('.chat-page .chat-back').click();
    await reader.page.locator('.rooms-page .room-item', { hasText: 'Offline' }).waitFor();
    await until(
      async () =>
        reader.page.url().includes('pages/rooms/index') && !(await reader.page.locator('.chat-page').isVisible()),
      'the room list on screen at its own address',
    );
    // The socket's reconnect attempts against the stopped server are expected here, and only those.
    const refused = reader.problems.filter((problem) => problem.includes('net::ERR_CONNECTION_REFUSED'));
    expect(refused.length).toBeGreaterThan(0);
    reader.problems.splice(
      0,
      reader.problems.length,
      ...reader.problems.filter((problem) => !refused.includes(problem)),
    );
  });
});

describe('accessibility in Chromium', () => {
  const cases: { name: string; options: OpenOptions }[] = [
    { name: 'phone-light-en', options: { locale: 'en-US', colorScheme: 'light' } },
    { name: 'phone-dark-zh', options: { locale: 'zh-CN', colorScheme: 'dark' } },
    { name: 'desktop-dark-en', options: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' } },
    { name: 'desktop-light-zh', options: { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } },
  ];
  test.each(cases)('axe finds no serious or critical issue: $name', async ({ name, options }) => {
    const owner = await peer('Owner');
    const { roomId } = await seededRoom(owner, `Audit ${name}`, 60);
    const visitor = await user('Visitor', options);
    expect(await axeViolations(visitor.page)).toEqual([]);
    await webScreenshot(visitor, `${name}-signin`);
    await signInOnWeb(visitor);
    expect(await axeViolations(visitor.page)).toEqual([]);
    const wide = (options.viewport?.width ?? 0) >= 900;
    await openRoomFromList(visitor, `Audit ${name}`, wide ? '.rooms-page .chat-pane' : '.chat-page');
    await owner.send(roomId, 'A reply from the owner');
    await visitor.page.locator('.message-text', { hasText: 'A reply from the owner' }).waitFor();
    expect(await axeViolations(visitor.page)).toEqual([]);
    const lang = await visitor.page.evaluate(() => document.documentElement.lang);
    expect(lang).toBe(options.locale === 'zh-CN' ? 'zh-CN' : 'en');
    await webScreenshot(visitor, `${name}-chat`);
  });

  test('the keyboard reaches and presses buttons (Tab, Enter, Space) with a visible focus ring', async () => {
    const visitor = await user('Keys');
    await visitor.page.locator('.signin-page .signin-nickname input').fill('Keys');
    await visitor.page.keyboard.press('Tab');
    const focused = await visitor.page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      return { className: element.className, outline: getComputedStyle(element).outlineStyle };
    });
    expect(focused.className).toContain('signin-submit');
    expect(focused.outline).not.toBe('none');
    await visitor.page.keyboard.press('Enter');
    await visitor.page.locator('.rooms-page .rooms-user', { hasText: 'Keys' }).waitFor();
    const privateOption = visitor.page.locator('.rooms-page .room-create-private');
    await privateOption.focus();
    await visitor.page.keyboard.press(' ');
    await visitor.page.locator('.rooms-page .room-create-private.visibility-option--on').waitFor();
    const viewport = await visitor.page.getAttribute('meta[name="viewport"]', 'content');
    expect(viewport).not.toContain('user-scalable=no');
  });
});
