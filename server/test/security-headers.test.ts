import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, startServer } from './helpers';
import type { TestServer } from './helpers';

const INLINE_SCRIPT = 'document.documentElement.style.fontSize = "20px";';
const INDEX_HTML = `<!doctype html><title>Tandem</title><script>${INLINE_SCRIPT}</script><script src="/js/app.js"></script>`;

let webRoot: string;
let server: TestServer;
let proxied: TestServer;
beforeAll(async () => {
  webRoot = makeTempDir();
  fs.writeFileSync(path.join(webRoot, 'index.html'), INDEX_HTML);
  server = await startServer({ webRoot });
  proxied = await startServer({ webRoot, trustProxy: ['loopback'] });
});
afterAll(async () => {
  await Promise.all([server.close(), proxied.close()]);
  fs.rmSync(webRoot, { recursive: true, force: true });
});

/** The Content-Security-Policy header as directive name -> sources. */
function csp(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('the web app', () => {
  it('is served with a strict Content-Security-Policy that still allows its own inline script', async () => {
    const response = await fetch(`${server.url}/`);
    const policy = csp(response);
    const hash = createHash('sha256').update(INLINE_SCRIPT).digest('base64');
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'", `'sha256-${hash}'`]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('font-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
  });

  it('may connect to its own host only, over HTTP and websockets', async () => {
    const response = await fetch(`${server.url}/`);
    const host = new URL(server.url).host;
    expect(csp(response).get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
  });

  it('comes with the usual security headers', async () => {
    for (const url of [`${server.url}/`, `${server.url}/api/config`, `${server.url}/api/nothing`]) {
      const { headers } = await fetch(url);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
  });
});

describe('Strict-Transport-Security', () => {
  it('is not sent over plain HTTP', async () => {
    expect((await fetch(`${server.url}/`)).headers.get('strict-transport-security')).toBeNull();
  });

  it('is sent when a trusted proxy says the request came over HTTPS', async () => {
    const response = await fetch(`${proxied.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('is not sent when an untrusted peer claims HTTPS', async () => {
    const response = await fetch(`${server.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});
