import { DEFAULT_HEALTH_WATCH, HealthWatch } from '../../src/services/connection/health-watch';

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

/** A watch over a health check that answers `healthy` when asked, counting checks and connects. */
function watchWith(random: number) {
  const seen = { checks: 0, connects: 0, healthy: false };
  const watch = new HealthWatch(
    () => {
      seen.checks += 1;
      return Promise.resolve(seen.healthy);
    },
    () => void (seen.connects += 1),
    DEFAULT_HEALTH_WATCH,
    () => random,
  );
  return { watch, seen };
}

describe('health watch during a long reconnection wait', () => {
  it('checks every interval (jittered) and connects once the server answers', async () => {
    // random 0: each interval is 60% of 2,500 ms, and the spread before connecting is 0.
    const { watch, seen } = watchWith(0);
    watch.watchUntil(30_000);
    await jest.advanceTimersByTimeAsync(1499);
    expect(seen.checks).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(seen).toMatchObject({ checks: 1, connects: 0 });
    await jest.advanceTimersByTimeAsync(1500);
    expect(seen).toMatchObject({ checks: 2, connects: 0 });

    seen.healthy = true;
    await jest.advanceTimersByTimeAsync(1500);
    expect(seen.checks).toBe(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(seen.connects).toBe(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(seen).toMatchObject({ checks: 3, connects: 1 });
  });

  it('spreads the connects of clients that saw the server come back at the same moment', async () => {
    // random 0.5: the interval is 2,500 ms and the connect waits half the 1,000 ms spread.
    const { watch, seen } = watchWith(0.5);
    seen.healthy = true;
    watch.watchUntil(30_000);
    await jest.advanceTimersByTimeAsync(2500);
    expect(seen).toMatchObject({ checks: 1, connects: 0 });
    await jest.advanceTimersByTimeAsync(499);
    expect(seen.connects).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(seen.connects).toBe(1);
  });

  it('leaves a short wait alone, and stops when told', async () => {
    const { watch, seen } = watchWith(0);
    watch.watchUntil(DEFAULT_HEALTH_WATCH.minWaitMs);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(seen.checks).toBe(0);

    seen.healthy = true;
    watch.watchUntil(30_000);
    await jest.advanceTimersByTimeAsync(1500);
    expect(seen.checks).toBe(1);
    // The server answered; the connect waits for its spread, and a stop (e.g. connected meanwhile) cancels it.
    watch.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(seen).toMatchObject({ checks: 1, connects: 0 });
  });
});
