import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'acorn';

/**
 * Runs on the built output (`pnpm build` first): fails clearly when it is missing, when a budget is exceeded,
 * or when the mini program JS uses syntax newer than ES2020. ES2020 (optional chaining, `??`) is what the
 * WeChat JS engines of base library 3.0.0 (project.config.json libVersion) run natively on iOS >= 13.4 and
 * current Android; `setting.es6`/`enhance` then let DevTools down-level for older clients.
 */
const WEAPP_ECMA_VERSION = 2020;
const clientRoot = path.resolve(__dirname, '..');

interface BudgetReport {
  weappTotalJsKB: number;
  h5InitialJsGzipKB: number;
  h5InitialScripts: string[];
  budget: { weappTotalJsKB: number; h5InitialJsGzipKB: number };
}

/** Runs scripts/budget.mjs as the build does; it exits 1 over budget or without a build. */
function runBudgetScript(root = clientRoot): { status: number | null; output: string } {
  const script = path.join(clientRoot, 'scripts', 'budget.mjs');
  const result = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

describe('built output', () => {
  it('exists for both targets and fits the budgets (weapp JS < 600 KB, h5 initial JS < 250 KB gzipped)', () => {
    const { status, output } = runBudgetScript();
    if (status !== 0)
      throw new Error(`scripts/budget.mjs failed (run \`pnpm --filter @tandem/client build\` first):\n${output}`);
    const report = JSON.parse(fs.readFileSync(path.join(clientRoot, 'dist', 'budget.json'), 'utf8')) as BudgetReport;
    expect(report.weappTotalJsKB).toBeLessThan(report.budget.weappTotalJsKB);
    expect(report.h5InitialJsGzipKB).toBeLessThan(report.budget.h5InitialJsGzipKB);
    expect(report.h5InitialScripts.length).toBeGreaterThan(0);
  });

  it(`uses no syntax newer than ES${WEAPP_ECMA_VERSION} in the mini program`, () => {
    const dir = path.join(clientRoot, 'dist', 'weapp');
    if (!fs.existsSync(dir))
      throw new Error(`no weapp build in ${dir}: run \`pnpm --filter @tandem/client build\` first`);
    const files = jsFiles(dir);
    const problems: string[] = [];
    for (const file of files) {
      try {
        parse(fs.readFileSync(file, 'utf8'), { ecmaVersion: WEAPP_ECMA_VERSION, sourceType: 'script' });
      } catch (error) {
        problems.push(`${path.relative(clientRoot, file)}: ${(error as Error).message}`);
      }
    }
    expect(files.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('fails clearly when there is no build to measure', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-no-build-'));
    const { status, output } = runBudgetScript(empty);
    expect(status).toBe(1);
    expect(output).toMatch(/no weapp build .*run `pnpm build` first/);
  });

  it('rejects syntax newer than ES2020, so the check above can fail', () => {
    expect(() => parse('a ??= 1;', { ecmaVersion: WEAPP_ECMA_VERSION, sourceType: 'script' })).toThrow();
  });
});
