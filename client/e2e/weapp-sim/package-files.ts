import fs from 'node:fs';
import path from 'node:path';

/** The parts of app.json (and page/component .json files) the runtime acts on. */
export interface PackageJson {
  pages: string[];
  entryPagePath?: string;
  lazyCodeLoading?: string;
  usingComponents?: Record<string, string>;
}

export function readAppJson(root: string): PackageJson & { entry: string } {
  const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as PackageJson;
  const entry = appJson.entryPagePath ?? appJson.pages[0];
  if (!entry) throw new Error('app.json lists no pages');
  return { ...appJson, entry };
}

/**
 * The code WeChat injects at launch after app.js when lazy code loading is off: every page, then the custom
 * components each one uses (`usingComponents`, depth first, each once). With `lazyCodeLoading` nothing: pages
 * run when first opened.
 */
export function codeInjectedAtLaunch(root: string, appJson: PackageJson): string[] {
  if (appJson.lazyCodeLoading === 'requiredComponents') return [];
  const files: string[] = [];
  const visit = (owner: string) => {
    const jsonFile = path.join(root, `${owner}.json`);
    if (!fs.existsSync(jsonFile)) return;
    const using = (JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as PackageJson).usingComponents ?? {};
    for (const target of Object.values(using)) {
      const file = target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(owner), target);
      if (files.includes(file)) continue;
      files.push(file);
      visit(file);
    }
  };
  for (const route of appJson.pages) {
    if (!files.includes(route)) files.push(route);
    visit(route);
  }
  return files.map((file) => `${file}.js`);
}
