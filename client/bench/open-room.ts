/**
 * Opening a room of BENCH_ROOM_MESSAGES (default 10,000) messages, in the simulated WeChat runtime (the built
 * dist/weapp) and in Chromium (the built dist/h5 served by the server): time from tapping the room until its
 * newest message is rendered, the largest setData payload (WeChat), the rendered message and element counts, and
 * the JS heap. Then five pages of older messages, with the largest setData while paging; and in Chromium the heap
 * again after reading BENCH_READ_BACK (default 3,000) messages back, where the room holds a bounded window.
 *
 * Targets (issue 10): newest message within 300 ms, no setData above 256 KB, under 1,000 rendered message nodes.
 * Run with `pnpm --filter @tandem/client bench` after `pnpm build`; figures are printed and written to
 * bench-output/client.json and client.md at the repository root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MiniProgram } from '../e2e/weapp-sim';
import { launchChromium } from '../e2e/support/chromium';
import { H5_ROOT, WEAPP_ROOT, requireFile } from '../e2e/support/paths';
import { openWebUser, signInOnWeb } from '../e2e/support/web-session';
import type { Page } from 'playwright-core';
import { connectPeer } from '../test/support/peer';
import { seedMessages } from '../test/support/seed';
import { startServer } from '../test/support/server';

const ROOM_MESSAGES = Number(process.env.BENCH_ROOM_MESSAGES ?? 10_000);
const ROOM = 'Bench room';
const OUT_DIR = path.resolve(__dirname, '..', '..', 'bench-output');
const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;

interface Figures {
  /** First open (the web joins the room first: one server round trip before the page opens). */
  newestShownMs: number;
  /** Opening it again after going back (Chromium). */
  reopenMs?: number[];
  largestSetDataBytes: number | null;
  largestSetDataWhilePagingBytes: number | null;
  renderedMessages: number;
  renderedElements: number;
  heapUsedMB: number;
  /**
   * Chromium: the JS heap after reading READ_BACK_MESSAGES back (older pages from the server), where the room holds
   * a bounded window (at most MAX_HELD_PER_ROOM messages) instead of everything scrolled through.
   */
  heapAfterReadingBackMB?: number;
}

/** How far back the Chromium run scrolls before measuring the heap again: past the held bound several times. */
const READ_BACK_MESSAGES = Number(process.env.BENCH_READ_BACK ?? 3_000);

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function weapp(serverUrl: string, newest: string): Promise<Figures> {
  const mp = MiniProgram.launch({ root: WEAPP_ROOT, hosts: { [BUILT_SERVER]: new URL(serverUrl).host } });
  try {
    const input = await mp.waitFor(() => mp.view().byClass('signin-nickname')[0], 'the sign-in page');
    await mp.type(input, 'Bench');
    mp.tap(await mp.waitFor(() => mp.view().byClass('signin-submit')[0], 'the sign-in button'));
    const item = await mp.waitFor(
      () =>
        mp
          .view()
          .byClass('room-item')
          .find((node) => node.byClassAndText('room-item-name', ROOM, true).length),
      'the room in the list',
    );
    mp.resetSetDataSizes();
    const started = performance.now();
    mp.tap(item);
    await mp.waitFor(
      () => mp.page.route === 'pages/chat/index' && mp.view().byClassAndText('message-text', newest, true)[0],
      'the newest message',
    );
    const newestShownMs = performance.now() - started;
    const largestSetDataBytes = Math.max(...mp.setDataSizes);
    const view = mp.view();
    const renderedMessages = view.byClass('message-item').length;
    const renderedElements = view.findAll((node) => !node.isText).length;
    mp.resetSetDataSizes();
    const list = () => mp.view().byClass('message-list')[0]!;
    for (let page = 0; page < 5; page++) {
      const first = mp.view().byClass('message-text')[0]?.text();
      mp.scrollEvent(list(), 'scroll', { scrollTop: 0, scrollHeight: 5_000, deltaY: 40 });
      mp.scrollEvent(list(), 'scrolltoupper', { direction: 'top' });
      await mp.waitFor(() => mp.view().byClass('message-text')[0]?.text() !== first, 'an older page');
    }
    const problems = mp.problems();
    if (problems.length) throw new Error(`the mini program reported problems:\n${problems.join('\n')}`);
    return {
      newestShownMs,
      largestSetDataBytes,
      largestSetDataWhilePagingBytes: Math.max(...mp.setDataSizes),
      renderedMessages,
      renderedElements,
      // The simulation shares this process: the whole Node heap (server client, peers and app together).
      heapUsedMB: mb(process.memoryUsage().heapUsed),
    };
  } finally {
    mp.dispose();
  }
}

async function chromium(serverUrl: string, newest: string): Promise<Figures> {
  const browser = await launchChromium();
  try {
    const user = await openWebUser(browser, serverUrl, 'Bench');
    const { page } = user;
    await signInOnWeb(user);
    const item = page.locator('.rooms-page .room-item', { has: page.locator('.room-item-name', { hasText: ROOM }) });
    await item.waitFor();
    const openOnce = async () => {
      await page.evaluate(() => {
        const target = window as unknown as { benchStart: number };
        document.addEventListener('click', () => (target.benchStart = window.performance.now()), {
          capture: true,
          once: true,
        });
      });
      await item.click();
      return page
        .waitForFunction(
          (text) => {
            const rows = document.querySelectorAll('.chat-page .message-text');
            const last = rows[rows.length - 1];
            if (last?.textContent !== text) return false;
            const list = document.querySelector('.chat-page #message-list')!.getBoundingClientRect();
            const box = last.getBoundingClientRect();
            if (box.bottom > list.bottom + 1) return false;
            // window.performance: a bare `performance` here would be rewritten to the Node import by the bundler.
            return window.performance.now() - (window as unknown as { benchStart: number }).benchStart;
          },
          newest,
          { polling: 'raf', timeout: 30_000 },
        )
        .then((handle) => handle.jsonValue() as Promise<number>);
    };
    // The first open joins the room (a server round trip before the page opens); then back and open again.
    const newestShownMs = await openOnce();
    const reopenMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      await page.locator('.chat-page .chat-back').click();
      await item.waitFor();
      reopenMs.push(await openOnce());
    }
    const counts = await page.evaluate(() => ({
      renderedMessages: document.querySelectorAll('.chat-page .message-item').length,
      renderedElements: document.querySelectorAll('*').length,
    }));
    const session = await page.context().newCDPSession(page);
    const heap = async () => {
      await session.send('HeapProfiler.collectGarbage');
      return mb((await session.send('Runtime.getHeapUsage')).usedSize);
    };
    const heapUsedMB = await heap();
    await readBack(page, READ_BACK_MESSAGES);
    const heapAfterReadingBackMB = await heap();
    if (user.problems.length) throw new Error(`the page reported problems:\n${user.problems.join('\n')}`);
    return {
      newestShownMs,
      reopenMs,
      largestSetDataBytes: null,
      largestSetDataWhilePagingBytes: null,
      ...counts,
      heapUsedMB,
      heapAfterReadingBackMB,
    };
  } finally {
    await browser.close();
  }
}

/** Scrolls the open room's list to its top, page after page, until `messages` older ones have been shown. */
async function readBack(page: Page, messages: number): Promise<void> {
  const first = () => page.locator('.chat-page .message-text').first().textContent();
  const start = Number((await first())?.replace(/\D/g, ''));
  for (let shown = await first(); start - Number(shown?.replace(/\D/g, '')) < messages;) {
    await page.evaluate(() => {
      document.querySelector('.chat-page #message-list')!.scrollTop = 0;
    });
    const before = shown;
    await page.waitForFunction(
      (text) => document.querySelector('.chat-page .message-text')?.textContent !== text,
      before,
      { timeout: 30_000 },
    );
    shown = await first();
  }
}

async function main() {
  requireFile(path.join(WEAPP_ROOT, 'app.js'), 'The weapp build', 'pnpm --filter @tandem/client build');
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  const server = await startServer({ webRoot: H5_ROOT });
  const owner = await connectPeer(server.url, 'Owner');
  try {
    const { room } = await owner.request('room:create', { name: ROOM, visibility: 'public' });
    const seeded = await seedMessages(owner, room.id, ROOM_MESSAGES, { prefix: 'bench' });
    const newest = seeded[seeded.length - 1]!.text;
    const results = {
      roomMessages: ROOM_MESSAGES,
      targets: { newestShownMs: 300, largestSetDataBytes: 256 * 1024, renderedMessages: 1000 },
      weapp: await weapp(server.url, newest),
      chromium: await chromium(server.url, newest),
    };
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUT_DIR, 'client.json'), `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(OUT_DIR, 'client.md'), markdown(results.weapp, results.chromium));
    console.log(markdown(results.weapp, results.chromium));
  } finally {
    owner.close();
    await server.stop();
  }
}

function markdown(weappFigures: Figures, chromiumFigures: Figures): string {
  const kb = (bytes: number | null) => (bytes === null ? '-' : `${(bytes / 1024).toFixed(1)} KB`);
  const row = (name: string, figures: Figures) =>
    `| ${name} | ${figures.newestShownMs.toFixed(0)} ms | ${figures.reopenMs?.map((ms) => ms.toFixed(0)).join(' / ') ?? '-'} | ${kb(figures.largestSetDataBytes)} | ` +
    `${kb(figures.largestSetDataWhilePagingBytes)} | ${figures.renderedMessages} | ${figures.renderedElements} | ` +
    `${figures.heapUsedMB} MB | ${figures.heapAfterReadingBackMB === undefined ? '-' : `${figures.heapAfterReadingBackMB} MB`} |`;
  return [
    `Opening a room of ${ROOM_MESSAGES.toLocaleString('en')} messages (targets: newest within 300 ms, setData <= 256 KB, < 1,000 message nodes)`,
    '',
    `| Runtime | Newest message shown | Reopened (ms) | Largest setData (open) | Largest setData (5 older pages) | Message nodes | Elements | JS heap | JS heap, ${READ_BACK_MESSAGES.toLocaleString('en')} messages back |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    row('Simulated WeChat', weappFigures),
    row('Chromium', chromiumFigures),
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
