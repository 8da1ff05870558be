import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { HttpErrorSchema, NICKNAME_MAX_LENGTH, SessionResponseSchema } from '@tandem/protocol';
import { makeTempDir, startServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const postSession = (body: string, contentType = 'application/json') =>
  fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': contentType }, body });

async function expectInvalidPayload(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  const body: unknown = await response.json();
  expect(v.is(HttpErrorSchema, body)).toBe(true);
  expect(body).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
}

describe('GET /healthz', () => {
  it('answers 200 with ok true', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('POST /api/session', () => {
  it('signs in with a trimmed nickname and returns a token, the user and the expiry', async () => {
    const before = Date.now();
    const response = await postSession(JSON.stringify({ nickname: '  Ann  ' }));
    expect(response.status).toBe(200);
    const body = v.parse(SessionResponseSchema, await response.json());
    expect(body.user.nickname).toBe('Ann');
    expect(body.token.split('.')).toHaveLength(3);
    expect(body.expiresAt).toBeGreaterThan(before);
    await expect(server.store.findUser(body.user.id)).resolves.toMatchObject({ nickname: 'Ann' });
  });

  it('creates a new user for every sign-in, even with the same nickname', async () => {
    const first = v.parse(SessionResponseSchema, await (await postSession('{"nickname":"Bo"}')).json());
    const second = v.parse(SessionResponseSchema, await (await postSession('{"nickname":"Bo"}')).json());
    expect(first.user.id).not.toBe(second.user.id);
  });

  it('accepts a nickname of exactly the maximum length', async () => {
    const response = await postSession(JSON.stringify({ nickname: 'n'.repeat(NICKNAME_MAX_LENGTH) }));
    expect(response.status).toBe(200);
  });

  it.each([
    ['an empty nickname', { nickname: '' }],
    ['a blank nickname', { nickname: '   ' }],
    ['a nickname that is too long', { nickname: 'n'.repeat(NICKNAME_MAX_LENGTH + 1) }],
    ['a missing nickname', {}],
    ['a nickname that is not a string', { nickname: 42 }],
    ['an array body', ['Ann']],
    ['a null body', null],
  ])('answers 400 INVALID_PAYLOAD to %s', async (_name, body) => {
    await expectInvalidPayload(await postSession(JSON.stringify(body)));
  });

  it('answers 400 INVALID_PAYLOAD to malformed JSON', async () => {
    await expectInvalidPayload(await postSession('{"nickname": "Ann"'));
  });

  it('answers 400 INVALID_PAYLOAD to an empty JSON body', async () => {
    await expectInvalidPayload(await postSession(''));
  });

  it('answers 400 INVALID_PAYLOAD to a body that is not JSON', async () => {
    await expectInvalidPayload(await postSession('nickname=Ann', 'application/x-www-form-urlencoded'));
    await expectInvalidPayload(await postSession('Ann', 'text/plain'));
  });

  it('answers 413 PAYLOAD_TOO_LARGE to a huge body', async () => {
    const response = await postSession(JSON.stringify({ nickname: 'x'.repeat(200_000) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});

describe('unknown routes', () => {
  it('answers 404 NOT_FOUND in the HTTP error shape', async () => {
    const response = await fetch(`${server.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(v.is(HttpErrorSchema, await response.json())).toBe(true);
  });
});

describe('the web app', () => {
  it('answers / with a short text page when the web app is not built', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/web app is not built/);
  });

  describe('when built', () => {
    let webServer: TestServer;
    let webRoot: string;
    beforeAll(async () => {
      webRoot = makeTempDir();
      fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Tandem</title>');
      fs.mkdirSync(path.join(webRoot, 'js'));
      fs.writeFileSync(path.join(webRoot, 'js', 'app.js'), 'console.log("app")');
      webServer = await startServer({ webRoot });
    });
    afterAll(async () => {
      await webServer.close();
      fs.rmSync(webRoot, { recursive: true, force: true });
    });

    it('serves index.html at /', async () => {
      const response = await fetch(`${webServer.url}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Tandem</title>');
    });

    it('serves its static files', async () => {
      const response = await fetch(`${webServer.url}/js/app.js`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('console.log("app")');
    });

    it('answers client-side routes with index.html', async () => {
      const response = await fetch(`${webServer.url}/pages/room/index?id=42`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Tandem</title>');
    });

    it('still answers unknown API paths with a JSON 404', async () => {
      const response = await fetch(`${webServer.url}/api/nothing-here`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it('keeps the health check', async () => {
      expect(await (await fetch(`${webServer.url}/healthz`)).json()).toEqual({ ok: true });
    });
  });
});
