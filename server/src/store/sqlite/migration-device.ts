/**
 * Device accounts (issue 11): the SHA-256 hex of a mini program's device credential, one user per credential. NULL
 * for every other user (NULLs never collide). Kept apart so the migration's place in the list is one line.
 */
export const DEVICE_ACCOUNTS_MIGRATION = `
  ALTER TABLE users ADD COLUMN device_credential_hash TEXT;
  CREATE UNIQUE INDEX users_by_device_credential_hash ON users (device_credential_hash);
`;
