import * as v from 'valibot';
import { DEVICE_CREDENTIAL_BYTES, DeviceCredentialSchema } from '@tandem/protocol';
import { secureRandomHex } from '../../platform/random';
import { platformStorage } from '../../platform/storage';
import type { PlatformStorage } from '../../platform/storage';

/**
 * The device account's credential (`POST /api/session/device`): made once from the platform's crypto source and
 * kept in storage. Its key is outside the `tandem.` prefix on purpose: sign-out clears that prefix (the session and
 * what it cached), while the credential is the account itself, so signing in again here is the same person.
 */
export const DEVICE_CREDENTIAL_KEY = 'tandem-device-credential';

/** The stored credential, or null when there is none (or what is stored is not one). */
export function storedDeviceCredential(storage: PlatformStorage = platformStorage): string | null {
  const stored = storage.getItem(DEVICE_CREDENTIAL_KEY);
  if (stored === null) return null;
  if (v.is(DeviceCredentialSchema, stored)) return stored;
  console.error('[session] the stored device credential is malformed; a new account will be made');
  return null;
}

/**
 * The stored credential, or a new one once it is written. Rejects when the platform has no crypto source or the
 * write did not stick (storage full): an account whose credential is not kept would be lost at the next launch.
 */
export async function deviceCredential(storage: PlatformStorage = platformStorage): Promise<string> {
  const stored = storedDeviceCredential(storage);
  if (stored) return stored;
  const credential = await secureRandomHex(DEVICE_CREDENTIAL_BYTES);
  // Another sign-in may have made one while this one waited for random bytes: the first kept wins.
  const raced = storedDeviceCredential(storage);
  if (raced) return raced;
  storage.setItem(DEVICE_CREDENTIAL_KEY, credential);
  if (storage.getItem(DEVICE_CREDENTIAL_KEY) !== credential) throw new Error('the device credential was not stored');
  return credential;
}
