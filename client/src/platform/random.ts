import { fillWeakly, toHex } from './random-bytes';

/** A random id for a message's clientId: 128 bits from the platform's crypto source, as 32 hex characters. */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  const cryptoSource = globalThis.crypto;
  if (cryptoSource && typeof cryptoSource.getRandomValues === 'function') {
    cryptoSource.getRandomValues(bytes);
  } else {
    fillWeakly(bytes);
  }
  return toHex(bytes);
}

/**
 * `byteCount` bytes from the platform's crypto source as hex, for secrets (a device credential). Rejects where there
 * is no crypto source: a secret never comes from the weak fallback.
 */
export async function secureRandomHex(byteCount: number): Promise<string> {
  const cryptoSource = globalThis.crypto;
  if (!cryptoSource || typeof cryptoSource.getRandomValues !== 'function') {
    throw new Error('no crypto source for a secret');
  }
  const bytes = new Uint8Array(byteCount);
  cryptoSource.getRandomValues(bytes);
  return toHex(bytes);
}
