#!/usr/bin/env node
// Size budgets of the built client, run after `build`: prints the weapp total JS and the h5 initial JS
// (the scripts index.html loads, gzipped), writes them to dist/budget.json, and exits 1 over budget or when
// a build output is missing. The jest test in test/budget.test.ts checks the same figures.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const BUDGET = {
  /** WeChat's hard limit for the main package is 2 MB; we keep the JS far below it. */
  weappTotalJsKB: 600,
  /** First load of the web app on a phone network. */
  h5InitialJsGzipKB: 250,
};

const clientRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function listFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** Measures dist/weapp and dist/h5 under `root`; throws when either build is missing. */
export function measure(root = clientRoot) {
  const weappDir = path.join(root, 'dist', 'weapp');
  const h5Dir = path.join(root, 'dist', 'h5');
  const weappJs = listFiles(weappDir, '.js');
  if (weappJs.length === 0) throw new Error(`no weapp build in ${weappDir}: run \`pnpm build\` first`);
  const indexHtml = path.join(h5Dir, 'index.html');
  if (!fs.existsSync(indexHtml)) throw new Error(`no h5 build in ${h5Dir}: run \`pnpm build\` first`);

  const weappTotal = weappJs.reduce((sum, file) => sum + fs.statSync(file).size, 0);
  const html = fs.readFileSync(indexHtml, 'utf8');
  const initialScripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]);
  if (initialScripts.length === 0) throw new Error(`${indexHtml} loads no script`);
  const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  const initialGzip = initialScripts.reduce((sum, src) => sum + gzipSize(path.join(h5Dir, src.replace(/^\//, ''))), 0);
  const h5AllGzip = listFiles(h5Dir, '.js').reduce((sum, file) => sum + gzipSize(file), 0);

  return {
    weappTotalJsKB: kb(weappTotal),
    weappJsFiles: weappJs.length,
    h5InitialJsGzipKB: kb(initialGzip),
    h5InitialScripts: initialScripts,
    h5AllJsGzipKB: kb(h5AllGzip),
    budget: BUDGET,
  };
}

export function overBudget(report) {
  const problems = [];
  if (report.weappTotalJsKB >= BUDGET.weappTotalJsKB) {
    problems.push(`weapp total JS ${report.weappTotalJsKB} KB >= ${BUDGET.weappTotalJsKB} KB`);
  }
  if (report.h5InitialJsGzipKB >= BUDGET.h5InitialJsGzipKB) {
    problems.push(`h5 initial JS ${report.h5InitialJsGzipKB} KB gzipped >= ${BUDGET.h5InitialJsGzipKB} KB`);
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    // An optional argument measures another client root (the tests point it at an empty directory).
    const root = process.argv[2] ? path.resolve(process.argv[2]) : clientRoot;
    const report = measure(root);
    fs.writeFileSync(path.join(root, 'dist', 'budget.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`weapp total JS: ${report.weappTotalJsKB} KB (budget ${BUDGET.weappTotalJsKB} KB)`);
    console.log(
      `h5 initial JS: ${report.h5InitialJsGzipKB} KB gzipped (budget ${BUDGET.h5InitialJsGzipKB} KB); ` +
        `all h5 JS ${report.h5AllJsGzipKB} KB gzipped`,
    );
    const problems = overBudget(report);
    for (const problem of problems) console.error(`over budget: ${problem}`);
    process.exit(problems.length > 0 ? 1 : 0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
