import * as chat from '../../src/services';
import type { TicketView } from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { sessionStore } from '../../src/stores/session';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());
beforeEach(() => chat.configureChat({ serverUrl: server.url, refresh: {} }));
afterEach(() => chat.signOut());

/** The phone: another device signed in over plain HTTP, acting on what the browser shows. */
async function phone(nickname: string) {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname }),
  });
  const { token, user } = (await response.json()) as { token: string; user: { id: string } };
  const post = async (path: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { user, post };
}

/** Every view the browser showed, and the latest. */
function recorder() {
  const views: TicketView[] = [];
  return { views, latest: () => views[views.length - 1], record: (view: TicketView) => views.push(view) };
}

describe('scan to sign in, the browser’s side', () => {
  it('shows a ticket, hears the scan, and signs in as the phone’s account when it confirms', async () => {
    const ann = await phone('Ann');
    const seen = recorder();
    const watch = chat.watchSignInTicket(seen.record);
    try {
      const waiting = await waitFor('a ticket', () => {
        const view = seen.latest();
        return view?.phase === 'waiting' ? view : undefined;
      });
      expect(waiting.qr).toBe(`tandem:ticket:${waiting.ticket}`);
      expect((await ann.post(`/api/signin/tickets/${waiting.ticket}/scan`)).status).toBe(200);
      await waitFor(
        'scanned',
        () => seen.latest()?.phase === 'waiting' && (seen.latest() as { scanned: boolean }).scanned,
      );
      expect((await ann.post(`/api/signin/tickets/${waiting.ticket}/confirm`)).status).toBe(200);
      await waitFor('signed in', () => seen.latest()?.phase === 'signed-in');
      expect(sessionStore.getState().user?.id).toBe(ann.user.id);
      await waitFor('online', () => connectionStore.getState().status === 'online');
    } finally {
      watch.stop();
    }
  });

  it('tells of a refusal and shows a new ticket on retry', async () => {
    const ann = await phone('Ann');
    const seen = recorder();
    const watch = chat.watchSignInTicket(seen.record);
    try {
      const first = await waitFor('a ticket', () => {
        const view = seen.latest();
        return view?.phase === 'waiting' ? view : undefined;
      });
      expect((await ann.post(`/api/signin/tickets/${first.ticket}/refuse`)).status).toBe(200);
      await waitFor('refused', () => seen.latest()?.phase === 'refused');
      watch.retry();
      const second = await waitFor('a new ticket', () => {
        const view = seen.latest();
        return view?.phase === 'waiting' ? view : undefined;
      });
      expect(second.ticket).not.toBe(first.ticket);
      expect(sessionStore.getState().token).toBeNull();
    } finally {
      watch.stop();
    }
  });
});

describe('sign-in codes', () => {
  it('signs in with the code another device shows, once', async () => {
    const ann = await phone('Ann');
    const { code } = (await (await ann.post('/api/signin/codes')).json()) as { code: string };
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    const first = await chat.signInWithCode(typed);
    expect(first).toEqual({ ok: true, data: expect.objectContaining({ id: ann.user.id }) });
    chat.signOut();
    const again = await chat.signInWithCode(code);
    expect(again).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('makes a code of its own account once signed in', async () => {
    await chat.signIn('Bob');
    const made = await chat.createSignInCode();
    if (!made.ok) throw new Error(made.error.message);
    expect(made.data.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(made.data.qr).toBe(`tandem:code:${made.data.code}`);
  });
});
