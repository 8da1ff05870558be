import path from 'node:path';
import { MiniProgram } from './weapp-sim';
import type { StorageBackend, ViewNode } from './weapp-sim';
import { WEAPP_ROOT, requireFile } from './support/paths';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/**
 * The built mini program against a server without WeChat sign-in: its device account is the same person across
 * relaunches and sign-outs, for as long as the mini program's storage lasts.
 */

const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;
/** The storage key of the credential (src/services/session/device-credential.ts). */
const CREDENTIAL_KEY = 'tandem-device-credential';

let server: RunningServer;
const launched: MiniProgram[] = [];

beforeAll(async () => {
  requireFile(path.join(WEAPP_ROOT, 'app.js'), 'The weapp build', 'pnpm --filter @tandem/client build');
  server = await startServer();
});

afterEach(() => {
  for (const mp of launched.splice(0)) mp.dispose();
});

afterAll(() => server?.stop());

/** Opens the app on `storage`: the same map is the same phone's mini program data, kept across relaunches. */
function launch(storage: StorageBackend): MiniProgram {
  const mp = MiniProgram.launch({
    root: WEAPP_ROOT,
    storage,
    hosts: { [BUILT_SERVER]: new URL(server.url).host },
    verbose: process.env.E2E_VERBOSE === '1',
  });
  launched.push(mp);
  return mp;
}

/** Quits the app (it is killed, its storage stays). */
function quit(mp: MiniProgram): void {
  expect(mp.problems()).toEqual([]);
  launched.splice(launched.indexOf(mp), 1);
  mp.dispose();
}

const enabled = (node: ViewNode | undefined) => (node && node.attr('disabled') !== true ? node : undefined);
const submit = (mp: MiniProgram) =>
  mp.waitFor(() => enabled(mp.view().byClass('signin-device')[0]), 'an enabled device sign-in button');
const roomList = (mp: MiniProgram, nickname: string) =>
  mp.waitFor(
    () => mp.page.route === 'pages/rooms/index' && mp.view().byClassAndText('rooms-user', nickname)[0],
    `the room list signed in as ${nickname}`,
  );
const roomItem = (mp: MiniProgram, name: string) =>
  mp
    .view()
    .byClass('room-item')
    .find((node) => node.byClassAndText('room-item-name', name, true).length);
/** A stored value as the app wrote it (the simulator keeps `{ v: value }` JSON, as WeChat serialises). */
const stored = (storage: StorageBackend, key: string): unknown => {
  const serialised = storage.get(key);
  return serialised === undefined ? undefined : (JSON.parse(serialised) as { v: unknown }).v;
};
/** The signed-in user's id in the persisted session store. */
const storedUserId = (storage: StorageBackend): string | undefined => {
  const session = stored(storage, 'tandem.session');
  if (typeof session !== 'string') return undefined;
  return (JSON.parse(session) as { state: { user: { id: string } | null } }).state.user?.id;
};

async function createRoom(mp: MiniProgram, name: string, visibility: 'public' | 'private'): Promise<void> {
  await mp.waitFor(() => mp.view().byClass('conn-banner--online')[0], 'online');
  await mp.type(mp.view().byClass('room-create-name')[0]!, name);
  if (visibility === 'private') {
    mp.tap(mp.view().byClass('room-create-private')[0]!);
    await mp.waitFor(() => mp.view().byClass('room-create-private')[0]?.hasClass('visibility-option--on'), 'private');
  }
  mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('room-create-submit')[0]), 'an enabled create'));
  await mp.waitFor(
    () => mp.page.route === 'pages/chat/index' && mp.view().byClassAndText('chat-title', name, true)[0],
    `the chat page of "${name}"`,
  );
}

describe('the device account of the mini program without WeChat sign-in', () => {
  test('is named once, and after a relaunch and a sign-out one tap signs the same user in with its private room', async () => {
    const storage: StorageBackend = new Map();
    const first = launch(storage);
    // A first launch: no account yet, so a name is asked for, and none of the web's guest or password modes.
    await first.type(await first.waitFor(() => first.view().byClass('signin-nickname')[0], 'the name field'), 'Mina');
    expect(first.view().byClass('signin-mode')).toHaveLength(0);
    expect(first.view().byClass('signin-wechat')).toHaveLength(0);
    first.tap(await submit(first));
    await roomList(first, 'Mina');
    const userId = storedUserId(storage);
    expect(userId).toEqual(expect.any(String));
    const credential = stored(storage, CREDENTIAL_KEY);
    expect(credential).toMatch(/^[0-9a-f]{64}$/);
    await createRoom(first, 'Attic', 'private');
    quit(first);

    // Reopened: still signed in. Signing out warns what would lose the account, then keeps its credential.
    const second = launch(storage);
    await roomList(second, 'Mina');
    // The profile page, where the account's sign-out lives.
    second.tap(second.view().byClass('rooms-profile')[0]!);
    await second.waitFor(() => second.view().byClass('guest-account-text')[0], 'the profile page');
    expect(second.view().byClass('guest-account-text')[0]?.text()).toContain('小程序数据');
    second.tap(second.view().byClass('signout')[0]!);
    await second.waitFor(
      () => second.view().byClassAndText('guest-account-text', '点一下就能登录回来')[0],
      'the device account sign-out warning',
    );
    second.tap(second.view().byClass('signout-confirm')[0]!);
    await second.waitFor(() => second.page.route === 'pages/signin/index', 'the sign-in page');
    expect(stored(storage, CREDENTIAL_KEY)).toBe(credential);

    // No name asked this time: one tap on "继续" is the same person, with the private room.
    const again = await second.waitFor(() => second.view().byClassAndText('signin-device', '继续')[0], 'continue');
    expect(second.view().byClass('signin-nickname')).toHaveLength(0);
    second.tap(again);
    await roomList(second, 'Mina');
    expect(storedUserId(storage)).toBe(userId);
    await second.waitFor(() => roomItem(second, 'Attic'), 'the private room listed again');
    quit(second);
  });

  test('is another person on a phone whose mini program data was cleared', async () => {
    const first = launch(new Map());
    await first.type(await first.waitFor(() => first.view().byClass('signin-nickname')[0], 'the name field'), 'Lei');
    first.tap(await submit(first));
    await roomList(first, 'Lei');
    await createRoom(first, 'Den', 'private');
    quit(first);
    // A public room, which every user lists: the second user's listing has arrived once it shows.
    const hall = launch(new Map());
    await hall.type(await hall.waitFor(() => hall.view().byClass('signin-nickname')[0], 'the name field'), 'Host');
    hall.tap(await submit(hall));
    await roomList(hall, 'Host');
    await createRoom(hall, 'Hall', 'public');
    quit(hall);

    const cleared = launch(new Map());
    await cleared.type(
      await cleared.waitFor(() => cleared.view().byClass('signin-nickname')[0], 'the name field again'),
      'Lei',
    );
    cleared.tap(await submit(cleared));
    await roomList(cleared, 'Lei');
    await cleared.waitFor(() => roomItem(cleared, 'Hall'), 'the public room listed');
    expect(roomItem(cleared, 'Den')).toBeUndefined();
    quit(cleared);
  });
});
