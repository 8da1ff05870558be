import path from 'node:path';
import { MiniProgram } from './weapp-sim';
import type { ViewNode } from './weapp-sim';
import { WEAPP_ROOT, requireFile } from './support/paths';
import { solidPng } from './support/png';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/**
 * The profile page of the built mini program in the simulated WeChat (./weapp-sim): WeChat's chooseAvatar button,
 * held by the privacy gate until the app's consent bar answers, then the chosen file read and uploaded raw.
 */

const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;

let server: RunningServer;
const launched: MiniProgram[] = [];

beforeAll(async () => {
  requireFile(path.join(WEAPP_ROOT, 'app.js'), 'The weapp build', 'pnpm --filter @tandem/client build');
  server = await startServer();
});

afterEach(() => {
  for (const mp of launched.splice(0)) mp.dispose();
});

afterAll(async () => {
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

const enabled = (node: ViewNode | undefined) => (node && node.attr('disabled') !== true ? node : undefined);

async function signIn(mp: MiniProgram, nickname: string): Promise<void> {
  await mp.type(await mp.waitFor(() => mp.view().byClass('signin-nickname')[0], 'the sign-in page'), nickname);
  mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('signin-submit')[0]), 'an enabled sign-in button'));
  await mp.waitFor(() => mp.view().byClassAndText('rooms-user', nickname)[0], `the room list signed in as ${nickname}`);
}

async function openProfile(mp: MiniProgram): Promise<void> {
  mp.tap(mp.view().byClass('rooms-profile')[0]!);
  await mp.waitFor(
    () => mp.page.route === 'pages/profile/index' && mp.view().byClass('profile-name-input')[0],
    'the profile page',
  );
}

describe('the profile in the simulated WeChat', () => {
  test('chooseAvatar waits for the privacy consent, then the chosen picture is uploaded and shown', async () => {
    const mp = launch();
    await signIn(mp, 'Mei');
    await openProfile(mp);
    // WeChat's own avatar button and nickname input, not the web's file picker.
    expect(mp.view().byClass('profile-avatar-choose')[0]?.attr('open-type')).toBe('chooseAvatar');
    expect(mp.view().byClass('profile-name-input')[0]?.attr('type')).toBe('nickname');

    mp.profileMedia.userPicks(solidPng(40, 30, [20, 120, 220]));
    mp.tap(mp.view().byClass('profile-avatar-choose')[0]!);
    const agree = await mp.waitFor(() => mp.view().byClass('privacy-agree')[0], 'the privacy consent bar');
    expect(mp.view().byClass('profile-avatar')[0]?.byClass('avatar-image')).toHaveLength(0);
    mp.tap(agree);

    const image = await mp.waitFor(
      () => mp.view().byClass('profile-avatar')[0]?.byClass('avatar-image')[0],
      'the uploaded avatar on the profile page',
    );
    expect(mp.view().byClass('privacy-bar')).toHaveLength(0);
    expect(mp.profileMedia.privacyAnswers).toEqual(['exposureAuthorization', 'agree']);
    const src = String(image.attr('src'));
    expect(src).toMatch(/\/api\/avatars\/[^?]+\?v=\d+$/);
    // The server stored the re-encoded picture behind that URL.
    const served = await fetch(`${server.url}${new URL(src).pathname}${new URL(src).search}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');

    // Consent is asked once: the next choice goes straight through.
    mp.profileMedia.userPicks(solidPng(30, 30, [200, 20, 20]));
    mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('profile-avatar-choose')[0]), 'the button enabled again'));
    await mp.waitFor(
      () => String(mp.view().byClass('profile-avatar')[0]?.byClass('avatar-image')[0]?.attr('src')) !== src,
      'the second avatar',
    );
    expect(mp.profileMedia.privacyAnswers).toEqual(['exposureAuthorization', 'agree']);
    expect(mp.problems()).toEqual([]);
  });

  test('a refused consent leaves the avatar as it was, and the name can still change', async () => {
    const mp = launch();
    await signIn(mp, 'Lin');
    await openProfile(mp);
    mp.profileMedia.userPicks(solidPng(10, 10, [0, 0, 0]));
    mp.tap(mp.view().byClass('profile-avatar-choose')[0]!);
    mp.tap(await mp.waitFor(() => mp.view().byClass('privacy-disagree')[0], 'the privacy consent bar'));
    await mp.waitFor(() => mp.view().byClass('privacy-bar').length === 0 || undefined, 'the bar to close');
    expect(mp.profileMedia.privacyAnswers).toEqual(['exposureAuthorization', 'disagree']);
    expect(mp.view().byClass('profile-avatar')[0]?.byClass('avatar-image')).toHaveLength(0);

    await mp.type(mp.view().byClass('profile-name-input')[0]!, 'Lin Yi');
    mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('profile-name-save')[0]), 'an enabled save button'));
    await mp.waitFor(() => mp.view().byClass('profile-name-saved')[0], 'the name saved');
    expect(mp.problems()).toEqual([]);
  });
});
