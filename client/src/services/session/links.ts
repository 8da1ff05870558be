import { parseSignInQr } from '@tandem/protocol';
import type { CreateTicketResponse, SessionUser, SignInCodeResponse, TicketInfo, TicketState } from '@tandem/protocol';
import { scanQrCode } from '../../platform/scan';
import { sessionStore } from '../../stores/session';
import { chatServerUrl } from '../current';
import { failure } from '../errors';
import type { RequestError, Result } from '../errors';
import { beginSession } from './account';
import {
  requestCodeSession,
  requestSignInCode,
  requestTicket,
  requestTicketAnswer,
  requestTicketScan,
  waitTicket,
} from './links-http';

/**
 * Signing one device in from another. A browser shows a ticket as a QR code and waits (a long-poll, so a confirm
 * arrives at once); a signed-in mini program scans it and confirms. The other way round, a signed-in device shows a
 * short code that another device types or scans.
 */

/** What a browser waiting to be scanned shows. */
export type TicketView =
  | { phase: 'loading' }
  | { phase: 'waiting'; qr: string; ticket: string; expiresAt: number; scanned: boolean }
  | { phase: 'refused' }
  | { phase: 'failed'; error: RequestError }
  | { phase: 'signed-in' };

export interface TicketWatch {
  /** Stops waiting: the page went away. */
  stop(): void;
  /** After a refusal: a new ticket. */
  retry(): void;
}

const RETRY_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Shows a ticket and waits for its answer: a new ticket replaces one that expired (every 2 minutes), a confirm
 * signs this device in, a refusal waits for `retry`. Errors (offline) are shown and retried.
 */
export function watchSignInTicket(onView: (view: TicketView) => void): TicketWatch {
  let stopped = false;
  let retried: (() => void) | undefined;
  const show = (view: TicketView) => {
    if (!stopped) onView(view);
  };

  /** Waits on one ticket; resolves true when this device signed in, false for a new ticket. */
  const follow = async (ticket: CreateTicketResponse): Promise<boolean> => {
    let known: TicketState = 'pending';
    const waiting = (scanned: boolean) =>
      show({ phase: 'waiting', qr: ticket.qr, ticket: ticket.ticket, expiresAt: ticket.expiresAt, scanned });
    waiting(false);
    while (!stopped) {
      const answer = await waitTicket(chatServerUrl(), ticket, known);
      if (stopped) return false;
      if (!answer.ok) {
        if (answer.error.code === 'NOT_FOUND') return false;
        show({ phase: 'failed', error: answer.error });
        await sleep(RETRY_MS);
        waiting(known === 'scanned');
        continue;
      }
      const { state, session } = answer.data;
      if (state === 'confirmed' && session) {
        const started = beginSession({ ok: true, data: session }, session.user.username ? 'account' : 'wechat');
        if (started.ok) show({ phase: 'signed-in' });
        return true;
      }
      if (state === 'scanned') waiting(true);
      if (state === 'refused') {
        show({ phase: 'refused' });
        await new Promise<void>((resolve) => (retried = resolve));
        return false;
      }
      if (state === 'expired' || state === 'used') return false;
      known = state;
    }
    return false;
  };

  void (async () => {
    while (!stopped) {
      show({ phase: 'loading' });
      const created = await requestTicket(chatServerUrl());
      if (stopped) return;
      if (!created.ok) {
        show({ phase: 'failed', error: created.error });
        await sleep(RETRY_MS);
        continue;
      }
      if (await follow(created.data)) return;
    }
  })();

  return {
    stop() {
      stopped = true;
      retried?.();
    },
    retry() {
      retried?.();
      retried = undefined;
    },
  };
}

/** A browser's ticket the mini program scanned: which browser asks, for its user to confirm or refuse. */
export interface ScannedTicket {
  ticket: string;
  info: TicketInfo;
}

/**
 * Scans a QR code (mini program) and, when it is a browser's sign-in ticket, tells the browser and returns who asks.
 * Null when the user closed the scanner; `BAD_QR` for any other QR code.
 */
export async function scanSignInTicket(): Promise<Result<ScannedTicket> | null> {
  const { token } = sessionStore.getState();
  if (!token) return failure('UNAUTHORIZED', 'not signed in');
  const text = await scanQrCode();
  if (text === undefined) return null;
  const scanned = parseSignInQr(text);
  if (scanned?.kind !== 'ticket') return failure('BAD_QR', 'not a sign-in QR code of a browser');
  const result = await requestTicketScan(chatServerUrl(), token, scanned.ticket);
  return result.ok ? { ok: true, data: { ticket: scanned.ticket, info: result.data } } : result;
}

/** Confirms (the browser becomes this account) or refuses a scanned ticket. */
export async function answerSignInTicket(ticket: string, answer: 'confirm' | 'refuse'): Promise<RequestError | null> {
  const { token } = sessionStore.getState();
  if (!token) return { code: 'UNAUTHORIZED', message: 'not signed in' };
  const result = await requestTicketAnswer(chatServerUrl(), token, ticket, answer);
  return result.ok ? null : result.error;
}

/** A code (and its QR text) that signs another device into this account once, within two minutes. */
export async function createSignInCode(): Promise<Result<SignInCodeResponse>> {
  const { token } = sessionStore.getState();
  if (!token) return failure('UNAUTHORIZED', 'not signed in');
  return requestSignInCode(chatServerUrl(), token);
}

/** Scans another device's sign-in code (mini program); null when the scanner was closed. */
export async function scanSignInCode(): Promise<Result<string> | null> {
  const text = await scanQrCode();
  if (text === undefined) return null;
  const scanned = parseSignInQr(text);
  return scanned?.kind === 'code' ? { ok: true, data: scanned.code } : failure('BAD_QR', 'not a sign-in code');
}

/** Signs this device into the account of another device's code. */
export async function signInWithCode(code: string): Promise<Result<SessionUser>> {
  const result = await requestCodeSession(chatServerUrl(), code);
  return beginSession(result, result.ok && result.data.user.username ? 'account' : 'wechat');
}
