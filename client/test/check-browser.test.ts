import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The root test command's first step (scripts/check-browser.mjs), run as `pnpm test` runs it. */
const SCRIPT = path.resolve(__dirname, '../../scripts/check-browser.mjs');

function check(chromiumPath: string) {
  const run = spawnSync(process.execPath, [SCRIPT], {
    env: { ...process.env, CHROMIUM_PATH: chromiumPath },
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('the browser check before pnpm test', () => {
  it('lets the tests run when CHROMIUM_PATH is an executable', () => {
    expect(check(process.execPath)).toEqual({ status: 0, output: '' });
  });

  it('stops before anything runs, naming the fix, when CHROMIUM_PATH is not an executable', () => {
    const result = check('/nonexistent/chromium');
    expect(result.status).toBe(1);
    expect(result.output).toContain('CHROMIUM_PATH is /nonexistent/chromium, which is not an executable file.');
  });
});
