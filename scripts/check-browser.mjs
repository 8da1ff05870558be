#!/usr/bin/env node
// Run first by `pnpm test`: the browser suites need Chromium (Debian's package, driven by playwright-core).
// Present: nothing to do. Missing on Debian as root: installs it with apt, as .ci/run does. Otherwise: stops before
// anything runs, with the exact command to run.
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEFAULT_PATH = '/usr/bin/chromium';
const chosen = process.env.CHROMIUM_PATH;
const executable = chosen || DEFAULT_PATH;

function runnable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function stop(lines) {
  console.error(['', 'pnpm test needs Chromium for the browser tests, and it is missing.', ...lines, ''].join('\n'));
  process.exit(1);
}

if (runnable(executable)) process.exit(0);

if (chosen) {
  stop([
    `CHROMIUM_PATH is ${chosen}, which is not an executable file.`,
    "Point it at Chromium, or unset it to use Debian's (/usr/bin/chromium).",
  ]);
}

const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
const isRoot = process.getuid?.() === 0;
const installCommand = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium';

if (!hasApt) {
  stop([
    `No ${DEFAULT_PATH} and no apt-get here. Install Chromium, then run:`,
    '  CHROMIUM_PATH=/path/to/chromium pnpm test',
  ]);
}
if (!isRoot) {
  stop(['Install it (as root), then run pnpm test again:', `  sudo sh -c '${installCommand}'`]);
}

console.log(`Chromium is missing: installing Debian's package (${installCommand})`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
const install =
  update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : update;
if (install.status !== 0 || !runnable(DEFAULT_PATH)) {
  stop(['Installing it with apt failed (see above). Run this, then pnpm test again:', `  ${installCommand}`]);
}
console.log(`Chromium installed at ${DEFAULT_PATH}.`);
