/**
 * @jest-environment jsdom
 */
import { getNetworkStatus, onNetworkStatusChange } from '../../src/platform/network.h5';

describe('platform network on the web', () => {
  it("follows the browser's online and offline events until unsubscribed", async () => {
    const seen: boolean[] = [];
    const unsubscribe = onNetworkStatusChange(({ isConnected }) => seen.push(isConnected));
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    unsubscribe();
    window.dispatchEvent(new Event('offline'));
    expect(seen).toEqual([false, true]);
    expect((await getNetworkStatus()).isConnected).toBe(navigator.onLine);
  });
});
