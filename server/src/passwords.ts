import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Password hashing with argon2id through @node-rs/argon2 (a maintained Rust binding with prebuilt binaries, no
 * compiler needed, hashing on libuv's thread pool so the event loop never waits). Its defaults are OWASP's
 * recommendation for argon2id: 19 MiB of memory, 2 iterations, 1 lane. The PHC string it returns carries the
 * parameters and salt, so stronger settings later still verify old hashes.
 */

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

/** A hash of no password anyone has, verified against when the username is unknown. */
let decoy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. With no stored hash (an unknown username) it verifies against a decoy and
 * answers false, so an unknown username costs the same time as a wrong password and the timing tells nothing.
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword(`decoy ${Math.random()}`);
  const matches = await verify(stored ?? (await decoy), password).catch(() => false);
  return stored !== undefined && matches;
}
