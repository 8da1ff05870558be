import type { SessionResponse } from '@tandem/protocol';
import { SessionRefresher } from '../../src/services/session/refresh';
import type { RefreshDriver } from '../../src/services/session/refresh';
import type { Result } from '../../src/services/errors';
import { sessionStore } from '../../src/stores/session';
import { alice } from '../support/factories';

const HOUR = 3600_000;
let now = 0;

/** A driver whose refresh answers are decided by the test, one per call. */
function fakeDriver() {
  const answers: Array<(token: string) => Result<SessionResponse>> = [];
  const driver: RefreshDriver & { calls: string[]; refused: number; answers: typeof answers } = {
    calls: [],
    refused: 0,
    answers,
    refresh: async (token) => {
      driver.calls.push(token);
      const answer = answers.shift();
      if (!answer) throw new Error('unexpected refresh');
      return answer(token);
    },
    onRefused: () => void (driver.refused += 1),
  };
  return driver;
}

const renewed = (token: string, lifetimeMs: number) => (): Result<SessionResponse> => ({
  ok: true,
  data: { token, user: alice, expiresAt: now + lifetimeMs },
});
const failed =
  (code: 'OFFLINE' | 'UNAUTHORIZED' | 'RATE_LIMITED', extra = {}) =>
  (): Result<SessionResponse> => ({
    ok: false,
    error: { code, message: code, ...extra },
  });

/** Lets the awaited refresh answer land. */
const settle = () => jest.advanceTimersByTimeAsync(0);

beforeEach(() => {
  jest.useFakeTimers();
  now = 1_000_000;
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  sessionStore.getState().signedOut();
});

function start(driver: RefreshDriver) {
  const refresher = new SessionRefresher(driver, { now: () => now, retryMs: 60_000 });
  refresher.start();
  return refresher;
}

async function advance(ms: number) {
  now += ms;
  await jest.advanceTimersByTimeAsync(ms);
}

describe('session refresher', () => {
  it('waits until half the lifetime, renews, then waits for half of the new one', async () => {
    sessionStore.getState().signedIn({ token: 't1', user: alice, expiresAt: now + 10 * HOUR }, now);
    const driver = fakeDriver();
    driver.answers.push(renewed('t2', 10 * HOUR), renewed('t3', 10 * HOUR));
    const refresher = start(driver);

    await advance(5 * HOUR - 1);
    expect(driver.calls).toEqual([]);
    await advance(1);
    expect(driver.calls).toEqual(['t1']);
    expect(sessionStore.getState()).toMatchObject({ token: 't2', issuedAt: now, expiresAt: now + 10 * HOUR });

    await advance(5 * HOUR);
    expect(driver.calls).toEqual(['t1', 't2']);
    expect(sessionStore.getState().token).toBe('t3');
    refresher.stop();
  });

  it('renews at once a token whose age is unknown (stored by an older version)', async () => {
    sessionStore.setState({ token: 'old', user: alice, expiresAt: now + 10 * HOUR, issuedAt: null });
    const driver = fakeDriver();
    driver.answers.push(renewed('new', 10 * HOUR));
    const refresher = start(driver);
    await settle();
    expect(driver.calls).toEqual(['old']);
    expect(sessionStore.getState().token).toBe('new');
    refresher.stop();
  });

  it('signs out when the server refuses the token', async () => {
    sessionStore.getState().signedIn({ token: 't1', user: alice, expiresAt: now + HOUR }, now - HOUR);
    const driver = fakeDriver();
    driver.answers.push(failed('UNAUTHORIZED', { status: 401 }));
    const refresher = start(driver);
    await settle();
    expect(driver.refused).toBe(1);
    refresher.stop();
  });

  it('tries again later when offline, and no sooner than the server asks when rate limited', async () => {
    sessionStore.getState().signedIn({ token: 't1', user: alice, expiresAt: now + HOUR }, now - HOUR);
    const driver = fakeDriver();
    driver.answers.push(failed('OFFLINE'), failed('RATE_LIMITED', { status: 429, retryAfterMs: 90_000 }));
    driver.answers.push(renewed('t2', 2 * HOUR));
    const refresher = start(driver);
    await settle();
    expect(driver.calls).toHaveLength(1);

    await advance(60_000);
    expect(driver.calls).toHaveLength(2);
    await advance(89_999);
    expect(driver.calls).toHaveLength(2);
    await advance(1);
    expect(driver.calls).toHaveLength(3);
    expect(sessionStore.getState().token).toBe('t2');
    expect(driver.refused).toBe(0);
    refresher.stop();
  });

  it('ignores an answer about a session that was signed out or replaced while it was on its way', async () => {
    sessionStore.getState().signedIn({ token: 't1', user: alice, expiresAt: now + HOUR }, now - HOUR);
    const driver = fakeDriver();
    let answer: (result: Result<SessionResponse>) => void = () => undefined;
    driver.refresh = (token) => {
      driver.calls.push(token);
      return new Promise((resolve) => (answer = resolve));
    };
    const refresher = start(driver);
    sessionStore.getState().signedIn({ token: 'someone-else', user: alice, expiresAt: now + HOUR }, now);
    answer(renewed('t2', HOUR)());
    await settle();
    expect(sessionStore.getState().token).toBe('someone-else');
    refresher.stop();
  });

  it('does nothing once stopped', async () => {
    sessionStore.getState().signedIn({ token: 't1', user: alice, expiresAt: now + 10 * HOUR }, now);
    const driver = fakeDriver();
    start(driver).stop();
    await advance(10 * HOUR);
    expect(driver.calls).toEqual([]);
  });
});
