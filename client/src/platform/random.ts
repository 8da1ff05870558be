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
