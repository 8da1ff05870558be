// Shared by random.ts and random.weapp.ts (Taro resolves `./random` to the platform file even from inside it).

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Fallback where no crypto source exists: unique enough for a dedupe key, not for secrets. */
export function fillWeakly(bytes: Uint8Array): void {
  const time = Date.now();
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = (Math.floor(Math.random() * 256) ^ (time >>> ((i % 4) * 8))) & 0xff;
  }
}
