import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/**
 * WeChat's logic layer: one JS context whose only host globals are the mini program's (`wx`, `App`, `Page`,
 * `Component`, `getApp`, `getCurrentPages`) plus timers and console. Each file of the package runs in a wrapper
 * like WeChat's `define(path, function (require, module, exports, window, document, ...) { ... })`, so browser
 * names inside the bundle are shadowed by `undefined` parameters exactly as on a device.
 */

/** Browser globals WeChat's wrapper shadows with undefined parameters. */
const SHADOWED = [
  'window',
  'document',
  'frames',
  'self',
  'location',
  'navigator',
  'localStorage',
  'history',
  'Caches',
  'screen',
  'alert',
  'confirm',
  'prompt',
  'XMLHttpRequest',
  'WebSocket',
  'Reporter',
  'webkit',
  'WeixinJSCore',
];

interface Module {
  exports: unknown;
}

export interface ModuleSystem {
  readonly context: vm.Context;
  /** Runs a package file (path relative to the package root, e.g. `app.js`) once and returns its exports. */
  require(file: string): unknown;
  /** The package file whose code is executing right now (what `Page()` / `Component()` are registered under). */
  readonly currentFile: string | undefined;
  /** Builds a value inside the context's realm (so `instanceof ArrayBuffer` and friends hold for app code). */
  realm: {
    JSON: JSON;
    ArrayBuffer: ArrayBufferConstructor;
    Uint8Array: Uint8ArrayConstructor;
    Error: ErrorConstructor;
    Promise: PromiseConstructor;
  };
}

export function createModuleSystem(root: string, globals: Record<string, unknown>): ModuleSystem {
  const context = vm.createContext({ ...globals }, { name: 'weapp', codeGeneration: { strings: true, wasm: false } });
  // Node's vm exposes no host objects beyond what we pass; these come from the JS engine itself.
  const realm = vm.runInContext(
    '({ JSON, ArrayBuffer, Uint8Array, Error, Promise })',
    context,
  ) as ModuleSystem['realm'];
  const cache = new Map<string, Module>();
  const loading: string[] = [];

  const load = (file: string): unknown => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const absolute = path.join(root, file);
    if (!fs.existsSync(absolute)) throw new Error(`module "${file}" is not defined`);
    const code = fs.readFileSync(absolute, 'utf8');
    const factory = vm.compileFunction(code, ['require', 'module', 'exports', ...SHADOWED], {
      parsingContext: context,
      filename: absolute,
    });
    const module: Module = { exports: {} };
    cache.set(file, module);
    loading.push(file);
    try {
      factory.call(undefined, requireFrom(file), module, module.exports);
    } finally {
      loading.pop();
    }
    return module.exports;
  };

  const requireFrom = (file: string) => (request: string) => load(resolve(file, request));

  return {
    context,
    realm,
    require: (file) => load(normalise(file)),
    get currentFile() {
      return loading[loading.length - 1];
    },
  };
}

/** WeChat's `require`: relative to the requiring file or absolute from the package root, `.js` optional. */
function resolve(from: string, request: string): string {
  if (!request.startsWith('.') && !request.startsWith('/')) {
    throw new Error(`module "${request}" is not defined (WeChat's require only loads package files)`);
  }
  const joined = request.startsWith('/') ? request.slice(1) : path.posix.join(path.posix.dirname(from), request);
  return normalise(joined);
}

function normalise(file: string): string {
  const clean = path.posix.normalize(file).replace(/^\.\//, '');
  return clean.endsWith('.js') ? clean : `${clean}.js`;
}
