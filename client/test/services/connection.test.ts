import { RATE_LIMITED_CONNECT_ERROR, UNAUTHORIZED_CONNECT_ERROR } from '@tandem/protocol';
import { ConnectionManager } from '../../src/services/connection/manager';
import type { ConnectionDriver } from '../../src/services/connection/driver';
import { appLifecycle } from '../../src/platform/lifecycle';
import { connectionStore } from '../../src/stores/connection';
import { taroStub } from '../stubs/taro';

/** Records what the manager asks of the socket; `connected` is flipped by the test. */
function fakeDriver(overrides: Partial<ConnectionDriver> = {}) {
  const calls: string[] = [];
  let connected = false;
  const driver: ConnectionDriver & { calls: string[]; setConnected(value: boolean): void } = {
    calls,
    setConnected: (value) => void (connected = value),
    connect: () => void calls.push('connect'),
    disconnect: () => {
      calls.push('disconnect');
      connected = false;
    },
    dropTransport: () => void calls.push('drop'),
    isConnected: () => connected,
    probe: async () => {
      calls.push('probe');
      return false;
    },
    healthy: async () => {
      calls.push('health');
      return false;
    },
    flushBeforeSuspend: async () => void calls.push('flush'),
    onUnauthorized: () => void calls.push('unauthorized'),
    ...overrides,
  };
  return driver;
}

const NOW = 1_000_000;

function createManager(driver: ConnectionDriver, suspendsInBackground = false) {
  return new ConnectionManager(driver, {
    lifecycle: { ...appLifecycle, suspendsInBackground },
    now: () => NOW,
    random: () => 0.5,
  });
}

const state = () => connectionStore.getState();

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('connection manager', () => {
  it('connects on start and is online once connected', () => {
    const driver = fakeDriver();
    const manager = createManager(driver);
    manager.start();
    expect(driver.calls).toEqual(['connect']);
    expect(state().status).toBe('connecting');
    manager.connected();
    expect(state()).toMatchObject({ status: 'online', attempt: 0, nextRetryAt: null });
    manager.stop();
  });

  it('retries with a growing delay and shows when the next attempt comes', () => {
    const driver = fakeDriver();
    const manager = createManager(driver);
    manager.start();
    manager.connectFailed(new Error('xhr poll error'));
    expect(state()).toMatchObject({
      status: 'reconnecting',
      attempt: 1,
      nextRetryAt: NOW + 1000,
      lastError: 'xhr poll error',
    });

    jest.advanceTimersByTime(999);
    expect(driver.calls).toEqual(['connect']);
    jest.advanceTimersByTime(1);
    expect(driver.calls).toEqual(['connect', 'connect']);
    expect(state()).toMatchObject({ status: 'reconnecting', nextRetryAt: null });

    manager.connectFailed(new Error('again'));
    expect(state().nextRetryAt).toBe(NOW + 2000);
    manager.connected();
    manager.disconnected('transport close');
    expect(state().nextRetryAt).toBe(NOW + 1000);
    manager.stop();
  });

  it('retries at once when asked, without waiting for the timer', () => {
    const driver = fakeDriver();
    const manager = createManager(driver);
    manager.start();
    manager.disconnected('ping timeout');
    manager.reconnectNow();
    expect(driver.calls).toEqual(['connect', 'connect']);
    jest.advanceTimersByTime(60_000);
    expect(driver.calls).toEqual(['connect', 'connect']);
    manager.stop();
  });

  it('waits offline without burning retries while the network is down, and reconnects when it returns', () => {
    const driver = fakeDriver();
    const manager = createManager(driver);
    manager.start();
    manager.connected();
    taroStub.setNetwork(false);
    manager.disconnected('transport close');
    expect(state()).toMatchObject({ status: 'offline', offlineReason: 'network' });
    jest.advanceTimersByTime(120_000);
    expect(driver.calls).toEqual(['connect']);

    taroStub.setNetwork(true);
    expect(driver.calls).toEqual(['connect', 'connect']);
    expect(state().status).toBe('connecting');
    manager.stop();
  });

  it('flushes and closes before a mini program is suspended, and reconnects on return', async () => {
    const driver = fakeDriver();
    const manager = createManager(driver, true);
    manager.start();
    driver.setConnected(true);
    manager.connected();

    taroStub.hideApp();
    await Promise.resolve();
    await Promise.resolve();
    expect(driver.calls).toEqual(['connect', 'flush', 'disconnect']);
    expect(state()).toMatchObject({ status: 'offline', offlineReason: 'background' });

    taroStub.showApp();
    expect(driver.calls).toEqual(['connect', 'flush', 'disconnect', 'connect']);
    manager.stop();
  });

  it('keeps the socket of a browser tab that is hidden', () => {
    const driver = fakeDriver();
    const manager = createManager(driver, false);
    manager.start();
    driver.setConnected(true);
    manager.connected();
    taroStub.hideApp();
    expect(driver.calls).toEqual(['connect']);
    expect(state().status).toBe('online');
    manager.stop();
  });

  it('probes the socket when the platform reports a close, and drops it only if it is dead', async () => {
    let alive = true;
    const driver = fakeDriver({
      probe: async () => {
        driver.calls.push('probe');
        return alive;
      },
    });
    let reportClose = () => undefined as void;
    const manager = new ConnectionManager(driver, {
      onSystemSocketClose: (listener) => {
        reportClose = listener;
        return () => undefined;
      },
    });
    manager.start();
    driver.setConnected(true);
    manager.connected();

    reportClose();
    await Promise.resolve();
    expect(driver.calls).toEqual(['connect', 'probe']);
    alive = false;
    reportClose();
    await Promise.resolve();
    await Promise.resolve();
    expect(driver.calls).toEqual(['connect', 'probe', 'probe', 'drop']);
    manager.stop();
  });

  it('stops and reports when the server refuses the session', () => {
    const driver = fakeDriver();
    const manager = createManager(driver);
    manager.start();
    manager.connectFailed(new Error(UNAUTHORIZED_CONNECT_ERROR));
    expect(driver.calls).toEqual(['connect', 'disconnect', 'unauthorized']);
    expect(state()).toMatchObject({ status: 'offline', offlineReason: 'unauthorized' });
    jest.advanceTimersByTime(60_000);
    expect(driver.calls).toHaveLength(3);
  });

  it('waits at least as long as a rate-limited handshake refusal asks, showing the reconnecting banner', () => {
    const driver = fakeDriver();
    const manager = createManager(driver);
    manager.start();
    const refusal = Object.assign(new Error(RATE_LIMITED_CONNECT_ERROR), {
      data: { code: 'RATE_LIMITED', message: 'too many connection attempts', retryAfterMs: 7000 },
    });
    manager.connectFailed(refusal);
    expect(state()).toMatchObject({ status: 'reconnecting', nextRetryAt: NOW + 7000, lastError: 'rate limited' });
    jest.advanceTimersByTime(6999);
    expect(driver.calls).toEqual(['connect']);
    jest.advanceTimersByTime(1);
    expect(driver.calls).toEqual(['connect', 'connect']);

    // Without a retryAfterMs (too many connections held), the usual backoff applies.
    manager.connectFailed(Object.assign(new Error(RATE_LIMITED_CONNECT_ERROR), { data: { code: 'RATE_LIMITED' } }));
    expect(state().nextRetryAt).toBe(NOW + 2000);
    manager.stop();
  });

  it('removes its platform listeners when stopped', () => {
    const manager = createManager(fakeDriver());
    manager.start();
    expect(taroStub.listenerCounts()).toEqual({ network: 1, show: 1, hide: 1 });
    manager.stop();
    expect(taroStub.listenerCounts()).toEqual({ network: 0, show: 0, hide: 0 });
  });
});
