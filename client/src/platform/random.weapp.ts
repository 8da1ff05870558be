import Taro from '@tarojs/taro';
import { fillWeakly, toHex } from './random-bytes';

// WeChat has no synchronous crypto source: keep a pool of bytes from UserCryptoManager.getRandomValues
// (asynchronous) and top it up; ids fall back to the weak source only while the pool is empty.
const POOL_BYTES = 512;
let pool: number[] = [];
let refilling = false;

function refill(): void {
  if (refilling || typeof Taro.getUserCryptoManager !== 'function') return;
  refilling = true;
  try {
    Taro.getUserCryptoManager().getRandomValues({
      length: POOL_BYTES,
      success: (result) => {
        pool = pool.concat(Array.from(new Uint8Array(result.randomValues)));
        refilling = false;
      },
      fail: (error) => {
        console.warn('[random] getRandomValues failed', error);
        refilling = false;
      },
    });
  } catch (error) {
    console.warn('[random] getRandomValues unavailable', error);
    refilling = false;
  }
}

export function randomId(): string {
  const bytes = new Uint8Array(16);
  if (pool.length >= bytes.length) {
    bytes.set(pool.splice(0, bytes.length));
  } else {
    fillWeakly(bytes);
  }
  if (pool.length < POOL_BYTES / 2) refill();
  return toHex(bytes);
}

/**
 * `byteCount` fresh bytes from WeChat's crypto manager as hex, for secrets (a device credential): never from the
 * pool's weak fallback, and rejected where the crypto manager fails or is missing (base library below 2.19.0).
 */
export function secureRandomHex(byteCount: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (typeof Taro.getUserCryptoManager !== 'function') {
      reject(new Error('wx.getUserCryptoManager is unavailable'));
      return;
    }
    Taro.getUserCryptoManager().getRandomValues({
      length: byteCount,
      success: (result) => {
        const bytes = new Uint8Array(result.randomValues);
        if (bytes.length === byteCount) resolve(toHex(bytes));
        else reject(new Error(`getRandomValues gave ${bytes.length} bytes, not ${byteCount}`));
      },
      fail: (error) => reject(new Error(`getRandomValues failed: ${JSON.stringify(error)}`)),
    });
  });
}

refill();
