import * as v from 'valibot';
import {
  CODE_SESSION_PATH,
  CreateTicketResponseSchema,
  SESSIONS_PATH,
  SIGN_IN_CODES_PATH,
  SIGN_IN_CODE_ALPHABET,
  SIGN_IN_TICKETS_PATH,
  SIGN_IN_TICKET_TTL_MS,
  SIGN_IN_TICKET_WAIT_PATH,
  SessionListResponseSchema,
  SessionResponseSchema,
  SignInCodeResponseSchema,
  TicketInfoSchema,
  WaitTicketResponseSchema,
  parseSignInQr,
  signInTicketPath,
} from '@tandem/protocol';
import type { CreateTicketResponse, SessionResponse, TicketState, WaitTicketResponse } from '@tandem/protocol';
import { startServer } from './helpers';
import type { TestServer } from './helpers';
import { bearer, post } from './http-helpers';

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let server: TestServer;
let clockOffsetMs = 0;
const now = () => Date.now() + clockOffsetMs;
beforeEach(async () => {
  clockOffsetMs = 0;
  server = await startServer({ now });
});
afterEach(() => server.close());

async function newTicket(): Promise<CreateTicketResponse> {
  const response = await post(`${server.url}${SIGN_IN_TICKETS_PATH}`, {}, { 'user-agent': CHROME_MAC });
  expect(response.status).toBe(200);
  return v.parse(CreateTicketResponseSchema, await response.json());
}

/** The browser's long-poll: answers at once when the state is not `known`, else when it changes. */
async function wait(ticket: CreateTicketResponse, known?: TicketState): Promise<WaitTicketResponse> {
  const response = await post(`${server.url}${SIGN_IN_TICKET_WAIT_PATH}`, {
    ticket: ticket.ticket,
    secret: ticket.secret,
    known,
  });
  expect(response.status).toBe(200);
  return v.parse(WaitTicketResponseSchema, await response.json());
}

const act = (token: string, ticket: string, action: 'scan' | 'confirm' | 'refuse') =>
  post(`${server.url}${signInTicketPath(ticket, action)}`, undefined, bearer(token));

async function errorOf(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error: { code: string } };
  return [response.status, body.error.code];
}

describe('scan to sign in', () => {
  it('signs the waiting browser in as the account that confirms, pushed within a second', async () => {
    const phone = await server.signIn('Ann');
    const ticket = await newTicket();
    expect(ticket.ticket).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(parseSignInQr(ticket.qr)).toEqual({ kind: 'ticket', ticket: ticket.ticket });
    expect(ticket.expiresAt - now()).toBeGreaterThan(SIGN_IN_TICKET_TTL_MS - 5_000);

    const scanned = wait(ticket, 'pending');
    const info = await act(phone.token, ticket.ticket, 'scan');
    expect(info.status).toBe(200);
    expect(v.parse(TicketInfoSchema, await info.json())).toMatchObject({ device: 'Chrome on macOS' });
    await expect(scanned).resolves.toEqual({ state: 'scanned' });

    const confirmed = wait(ticket, 'scanned');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const confirmedAt = performance.now();
    expect((await act(phone.token, ticket.ticket, 'confirm')).status).toBe(200);
    const answer = await confirmed;
    expect(performance.now() - confirmedAt).toBeLessThan(1_000);
    expect(answer.state).toBe('confirmed');
    const session: SessionResponse = v.parse(SessionResponseSchema, answer.session);
    expect(session.user.id).toBe(phone.user.id);

    // The browser's session is its own device, listed beside the phone's.
    const listed = await fetch(`${server.url}${SESSIONS_PATH}`, { headers: bearer(session.token) });
    const { sessions } = v.parse(SessionListResponseSchema, await listed.json());
    expect(sessions).toHaveLength(2);
    expect(sessions.find((row) => row.current)?.device).toBe('Chrome on macOS');

    // Single use: waiting again gives no second session, and the phone cannot answer it again.
    await expect(wait(ticket, 'confirmed')).resolves.toEqual({ state: 'used' });
    expect(await errorOf(await act(phone.token, ticket.ticket, 'confirm'))).toEqual([410, 'EXPIRED']);
  });

  it('tells the browser when the phone refuses, and the ticket cannot be confirmed after', async () => {
    const phone = await server.signIn('Ann');
    const ticket = await newTicket();
    const told = wait(ticket, 'pending');
    expect((await act(phone.token, ticket.ticket, 'refuse')).status).toBe(200);
    await expect(told).resolves.toEqual({ state: 'refused' });
    expect(await errorOf(await act(phone.token, ticket.ticket, 'confirm'))).toEqual([410, 'EXPIRED']);
    await expect(wait(ticket)).resolves.toEqual({ state: 'refused' });
  });

  it('expires after two minutes: the browser is told, the phone cannot scan or confirm it', async () => {
    const phone = await server.signIn('Ann');
    const ticket = await newTicket();
    clockOffsetMs = SIGN_IN_TICKET_TTL_MS;
    await expect(wait(ticket, 'pending')).resolves.toEqual({ state: 'expired' });
    expect(await errorOf(await act(phone.token, ticket.ticket, 'scan'))).toEqual([410, 'EXPIRED']);
    expect(await errorOf(await act(phone.token, ticket.ticket, 'confirm'))).toEqual([410, 'EXPIRED']);
  });

  it('lets one of two racing confirms win', async () => {
    const [ann, bob] = await Promise.all([server.signIn('Ann'), server.signIn('Bob')]);
    const ticket = await newTicket();
    const answers = await Promise.all([
      act(ann.token, ticket.ticket, 'confirm'),
      act(bob.token, ticket.ticket, 'confirm'),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
    const winner = answers[0]!.status === 200 ? ann : bob;
    const answer = await wait(ticket);
    expect(answer.session?.user.id).toBe(winner.user.id);
  });

  it('refuses a confirm from a signed-out session or without a token', async () => {
    const phone = await server.signIn('Ann');
    const ticket = await newTicket();
    expect((await post(`${server.url}/api/session/signout`, undefined, bearer(phone.token))).status).toBe(200);
    expect(await errorOf(await act(phone.token, ticket.ticket, 'confirm'))).toEqual([401, 'UNAUTHORIZED']);
    expect(await errorOf(await post(`${server.url}${signInTicketPath(ticket.ticket, 'confirm')}`))).toEqual([
      401,
      'UNAUTHORIZED',
    ]);
    await expect(wait(ticket)).resolves.toEqual({ state: 'pending' });
  });

  it('grants nothing for the ticket alone: a wrong secret is answered like an unknown ticket', async () => {
    const phone = await server.signIn('Ann');
    const ticket = await newTicket();
    const other = await newTicket();
    expect((await act(phone.token, ticket.ticket, 'confirm')).status).toBe(200);
    const stolen = await post(`${server.url}${SIGN_IN_TICKET_WAIT_PATH}`, {
      ticket: ticket.ticket,
      secret: other.secret,
    });
    expect(await errorOf(stolen)).toEqual([404, 'NOT_FOUND']);
    // The browser that made it still gets its session.
    await expect(wait(ticket)).resolves.toMatchObject({ state: 'confirmed', session: { user: { id: phone.user.id } } });
  });

  it('answers bad input with closed error codes', async () => {
    const phone = await server.signIn('Ann');
    const missing = 'A'.repeat(22);
    expect(await errorOf(await act(phone.token, missing, 'scan'))).toEqual([404, 'NOT_FOUND']);
    expect(await errorOf(await act(phone.token, 'not a ticket', 'confirm'))).toEqual([404, 'NOT_FOUND']);
    const badWait = await post(`${server.url}${SIGN_IN_TICKET_WAIT_PATH}`, { ticket: missing });
    expect(await errorOf(badWait)).toEqual([400, 'INVALID_PAYLOAD']);
    const badStart = await post(`${server.url}${SIGN_IN_TICKETS_PATH}`, { device: 5 });
    expect(await errorOf(badStart)).toEqual([400, 'INVALID_PAYLOAD']);
  });
});

describe('sign-in codes', () => {
  async function newCode(token: string) {
    const response = await post(`${server.url}${SIGN_IN_CODES_PATH}`, undefined, bearer(token));
    expect(response.status).toBe(200);
    return v.parse(SignInCodeResponseSchema, await response.json());
  }
  const signInWith = (code: string) => post(`${server.url}${CODE_SESSION_PATH}`, { code, device: 'WeChat' });

  it('signs another device into the same account once, typed in any case with a hyphen', async () => {
    const laptop = await server.signIn('Ann');
    const { code, qr } = await newCode(laptop.token);
    expect(code).toHaveLength(8);
    expect([...code].every((char) => SIGN_IN_CODE_ALPHABET.includes(char))).toBe(true);
    expect(parseSignInQr(qr)).toEqual({ kind: 'code', code });
    const typed = `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
    const first = await signInWith(typed);
    expect(first.status).toBe(200);
    expect(v.parse(SessionResponseSchema, await first.json()).user.id).toBe(laptop.user.id);
    expect(await errorOf(await signInWith(code))).toEqual([401, 'UNAUTHORIZED']);
  });

  it('stops working after two minutes, and needs a signed-in device to make one', async () => {
    const laptop = await server.signIn('Ann');
    const { code } = await newCode(laptop.token);
    clockOffsetMs = SIGN_IN_TICKET_TTL_MS;
    expect(await errorOf(await signInWith(code))).toEqual([401, 'UNAUTHORIZED']);
    expect(await errorOf(await post(`${server.url}${SIGN_IN_CODES_PATH}`))).toEqual([401, 'UNAUTHORIZED']);
    expect(await errorOf(await signInWith('01OI'))).toEqual([400, 'INVALID_PAYLOAD']);
  });
});
