import fs from 'node:fs';
import path from 'node:path';

export const CLIENT_ROOT = path.resolve(__dirname, '..', '..');
export const REPO_ROOT = path.resolve(CLIENT_ROOT, '..');
/** The builds under test; E2E_H5_ROOT / E2E_WEAPP_ROOT point at a copy (e.g. while a watch build rewrites dist). */
export const H5_ROOT = path.resolve(process.env.E2E_H5_ROOT ?? path.join(CLIENT_ROOT, 'dist', 'h5'));
export const WEAPP_ROOT = path.resolve(process.env.E2E_WEAPP_ROOT ?? path.join(CLIENT_ROOT, 'dist', 'weapp'));
/** Screenshots and other artefacts (gitignored). */
export const OUTPUT_DIR = path.join(CLIENT_ROOT, 'test-output', 'e2e');

/** Fails (never skips) with the command that produces the missing file. */
export function requireFile(file: string, what: string, command: string): void {
  if (!fs.existsSync(file)) {
    throw new Error(`${what} is missing (${path.relative(REPO_ROOT, file)}). Build it first: ${command}`);
  }
}
