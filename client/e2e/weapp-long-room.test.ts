import path from 'node:path';
import { MiniProgram } from './weapp-sim';
import type { ViewNode } from './weapp-sim';
import { WEAPP_ROOT, requireFile } from './support/paths';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { seedMessages } from '../test/support/seed';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/**
 * A long room in the simulated WeChat runtime: only a window of messages is rendered and each setData stays
 * small, whatever the room's size; the composer stays above the keyboard. Bounds are counts and sizes, not times.
 */

const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;
const ROOM_SIZE = Number(process.env.DBG_SIZE ?? 10_000);
/** The rendered window (see src/components/message-list/window.ts) and WeChat's comfortable setData size. */
const MAX_RENDERED_MESSAGES = 120;
const MAX_SET_DATA_BYTES = 256 * 1024;

let server: RunningServer;
let owner: Peer;
let roomId: string;
const launched: MiniProgram[] = [];

beforeAll(async () => {
  requireFile(path.join(WEAPP_ROOT, 'app.js'), 'The weapp build', 'pnpm --filter @tandem/client build');
  server = await startServer();
  owner = await connectPeer(server.url, 'Owner');
  ({
    room: { id: roomId },
  } = await owner.request('room:create', { name: 'Archive', visibility: 'public' }));
  await seedMessages(owner, roomId, ROOM_SIZE, { prefix: 'Archive' });
}, 300_000);

afterEach(() => {
  for (const mp of launched.splice(0)) {
    const problems = mp.problems();
    mp.dispose();
    expect(problems).toEqual([]);
  }
});

afterAll(async () => {
  owner?.close();
  await server?.stop();
});

function launch(): MiniProgram {
  const mp = MiniProgram.launch({
    root: WEAPP_ROOT,
    hosts: { [BUILT_SERVER]: new URL(server.url).host },
    verbose: process.env.E2E_VERBOSE === '1',
  });
  launched.push(mp);
  return mp;
}

async function signInAndOpen(mp: MiniProgram, nickname: string): Promise<void> {
  const input = await mp.waitFor(() => mp.view().byClass('signin-nickname')[0], 'the sign-in page');
  await mp.type(input, nickname);
  mp.tap(await mp.waitFor(() => mp.view().byClass('signin-submit')[0], 'the sign-in button'));
  const item = await mp.waitFor(
    () =>
      mp
        .view()
        .byClass('room-item')
        .find((node) => node.byClassAndText('room-item-name', 'Archive', true).length),
    'the room in the list',
  );
  mp.tap(item);
  await mp.waitFor(() => mp.page.route === 'pages/chat/index', 'the chat page');
}

const texts = (mp: MiniProgram) =>
  mp
    .view()
    .byClass('message-text')
    .map((node) => node.text());
const list = (mp: MiniProgram): ViewNode => mp.view().byClass('message-list')[0]!;
const largest = (sizes: number[]) => Math.max(0, ...sizes);

describe('a 10,000-message room in the simulated WeChat runtime', () => {
  test('opens at the newest message, scrolls to the first page by page and back, within its bounds', async () => {
    const mp = launch();
    await signInAndOpen(mp, 'Reader');
    const newest = `Archive ${ROOM_SIZE}`;
    await mp.waitFor(() => texts(mp).includes(newest), 'the newest message');
    expect(texts(mp).length).toBeLessThanOrEqual(MAX_RENDERED_MESSAGES);
    expect(largest(mp.setDataSizes)).toBeLessThanOrEqual(MAX_SET_DATA_BYTES);
    // The list is told to show the last row.
    const lastRowId = mp.view().byClass('message-item').at(-1)!.id;
    expect(list(mp).attr('scroll-into-view')).toBe(lastRowId);

    // Up to the first message, one "reached the top" at a time.
    let pages = 0;
    while (!mp.view().byClass('history-start')[0]) {
      const first = texts(mp)[0];
      mp.scrollEvent(list(mp), 'scroll', { scrollTop: 0, scrollHeight: 5_000, deltaY: 40 });
      mp.scrollEvent(list(mp), 'scrolltoupper', { direction: 'top' });
      await mp.waitFor(
        () => texts(mp)[0] !== first || mp.view().byClass('history-start')[0],
        `older messages above "${first}" (page ${pages})`,
      );
      pages += 1;
      expect(texts(mp).length).toBeLessThanOrEqual(MAX_RENDERED_MESSAGES);
    }
    expect(texts(mp)[0]).toBe('Archive 1');
    // A page at a time: never more than PAGE (40) messages revealed per step.
    expect(pages).toBeGreaterThanOrEqual(Math.floor((ROOM_SIZE - MAX_RENDERED_MESSAGES) / 40));
    expect(largest(mp.setDataSizes)).toBeLessThanOrEqual(MAX_SET_DATA_BYTES);
    // The kept anchor: the list shows the message that was first before the last page came in.
    expect(list(mp).attr('scroll-into-view')).toMatch(/^m_/);

    // And back down to the newest. The room held a bounded window up there (600 messages at most): its newest
    // were dropped, so on the way down they come back from the server ("load newer" at the bottom meanwhile).
    mp.resetSetDataSizes();
    let down = 0;
    let pagedFromServer = 0;
    while (!texts(mp).includes(newest) || mp.view().byClass('new-messages-pill')[0]) {
      const last = texts(mp).at(-1);
      if (mp.view().byClass('load-newer')[0]) pagedFromServer += 1;
      mp.scrollEvent(list(mp), 'scrolltolower', { direction: 'bottom' });
      await mp.waitFor(() => texts(mp).at(-1) !== last, `newer messages below "${last}" (page ${down})`);
      down += 1;
      expect(texts(mp).length).toBeLessThanOrEqual(MAX_RENDERED_MESSAGES);
      const seqs = texts(mp).map((text) => Number(text.replace('Archive ', '')));
      expect(seqs.every((seq, index) => index === 0 || seq === seqs[index - 1]! + 1)).toBe(true);
    }
    // About one server page (100) per 100 messages below the held window; half of that is plenty to tell.
    expect(pagedFromServer).toBeGreaterThanOrEqual(Math.floor((ROOM_SIZE - 600) / 200));
    expect(down).toBeGreaterThanOrEqual(Math.floor((ROOM_SIZE - MAX_RENDERED_MESSAGES) / 40));
    expect(largest(mp.setDataSizes)).toBeLessThanOrEqual(MAX_SET_DATA_BYTES);
    console.log(`[weapp long room] ${pages} pages up, ${down} down, largest setData ${largest(mp.setDataSizes)} B`);
  }, 300_000);

  test('the composer stays above the keyboard without the page being pushed up', async () => {
    const mp = launch();
    await signInAndOpen(mp, 'Typist');
    const input = await mp.waitFor(() => mp.view().byClass('composer-input')[0], 'the composer');
    expect(input.attr('adjust-position')).toBe(false);
    const page = () => mp.view().byClass('chat-page')[0]!;
    await mp.type(input, 'hello');
    mp.setKeyboardHeight(320);
    await mp.waitFor(
      () => /padding-bottom:\s*320px/.test(String(page().attr('style') ?? '')),
      () => `the page lifted by 320px (style: ${String(page().attr('style'))})`,
    );
    expect(mp.view().byClass('composer-input')[0]).toBeDefined();
    expect(mp.view().byClass('message-list')[0]).toBeDefined();
    mp.setKeyboardHeight(0);
    await mp.waitFor(() => !/padding-bottom/.test(String(page().attr('style') ?? '')), 'the page back down');
    expect(mp.view().byClass('composer-input')[0]).toBeDefined();
  }, 120_000);
});
