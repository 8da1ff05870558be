import { safetyStore } from '../../stores/safety';
import type { SessionResponse, SessionUser } from '@tandem/protocol';
import { wechatLoginAvailable, wechatLoginCode } from '../../platform/login';
import { connectionStore } from '../../stores/connection';
import { draftsStore } from '../../stores/drafts';
import { messagesStore } from '../../stores/messages';
import { outboxStore } from '../../stores/outbox';
import { clearPersistedState } from '../../stores/persist';
import { presenceStore } from '../../stores/presence';
import { receiptsStore } from '../../stores/receipts';
import { profilesStore } from '../../stores/profiles';
import { mentionsStore } from '../../stores/mentions';
import { roomsStore } from '../../stores/rooms';
import { searchStore } from '../../stores/search';
import { sessionStore, validToken } from '../../stores/session';
import type { AccountKind } from '../../stores/session';
import { chatServerUrl, disposeRuntime, startRuntime } from '../current';
import { failure } from '../errors';
import type { RequestError, Result } from '../errors';
import { restoreOutbox } from '../outbox/outbox';
import { deviceCredential, storedDeviceCredential } from './device-credential';
import {
  fetchClientConfig,
  requestAccount,
  requestClaim,
  requestDeviceSession,
  requestPasswordSession,
  requestSession,
  requestSignOut,
  requestSignOutAll,
  requestWechatSession,
} from './http';

/**
 * The session intents: signing in (nickname, account, WeChat or device account) starts the connection runtime for the new user, signing out
 * disposes it and forgets everything stored for the user on this device.
 */

/** App launch: shows unsent messages again and connects when a valid session is stored. */
export function startChat(): void {
  const session = sessionStore.getState();
  if (!validToken(session) || !session.user) {
    if (session.token) forgetSession();
    return;
  }
  restoreOutbox(session.user);
  // The runtime signs out when the server ended or refused the session: nothing is left to end there.
  startRuntime({ signOut: forgetSession });
}

/** Closes the connection and forgets its runtime; stores and storage stay (used by sign-out and tests). */
export function stopChat(): void {
  disposeRuntime();
}

/** Signs in as a guest: a new user named `nickname`, that only this device can use until it claims an account. */
export async function signIn(nickname: string): Promise<Result<SessionUser>> {
  const trimmed = nickname.trim();
  if (!trimmed) return failure('INVALID_PAYLOAD', 'nickname is empty');
  return beginSession(await requestSession(chatServerUrl(), trimmed), 'guest');
}

/** Creates an account and signs in to it; `nickname` (optional) is the name others see. */
export async function signUp(username: string, password: string, nickname = ''): Promise<Result<SessionUser>> {
  const body = { username: username.trim(), password, ...(nickname.trim() ? { nickname: nickname.trim() } : {}) };
  return beginSession(await requestAccount(chatServerUrl(), body), 'account');
}

/** Signs in to an account from any device: the same user, rooms and history everywhere. */
export async function signInWithPassword(username: string, password: string): Promise<Result<SessionUser>> {
  return beginSession(
    await requestPasswordSession(chatServerUrl(), { username: username.trim(), password }),
    'account',
  );
}

/** Turns the signed-in guest into an account, keeping its rooms and history; the session goes on. */
export async function claimAccount(username: string, password: string): Promise<Result<SessionUser>> {
  const { token } = sessionStore.getState();
  if (!token) return failure('UNAUTHORIZED', 'not signed in');
  const result = await requestClaim(chatServerUrl(), token, { username: username.trim(), password });
  if (!result.ok) return result;
  sessionStore.getState().claimed(result.data);
  return { ok: true, data: result.data.user };
}

/**
 * How the mini program signs in: with WeChat when the server has it configured (`GET /api/config`), otherwise (or
 * when the server cannot be asked) with its device account. Null on the web, which has no mini program identity.
 */
export type MiniProgramSignIn = 'wechat' | 'device' | null;

/** Whether this is the mini program: its sign-in is WeChat or a device account, never the web's modes. */
export const inMiniProgram: boolean = wechatLoginAvailable;

export async function miniProgramSignIn(): Promise<MiniProgramSignIn> {
  if (!wechatLoginAvailable) return null;
  const result = await fetchClientConfig(chatServerUrl());
  return result.ok && result.data.wechatSignIn ? 'wechat' : 'device';
}

/** Whether this device has made its device account (a credential is stored): then sign-in needs no name. */
export function hasDeviceAccount(): boolean {
  return storedDeviceCredential() !== null;
}

/**
 * Signs in to this device's account, made on first use: the credential is created and stored first, and `nickname`
 * names the account the first time. Without a nickname an account the server does not know is `NOT_FOUND`: ask for
 * a name. A device user that claimed a username is an account (signing out loses nothing).
 */
export async function signInWithDevice(nickname = ''): Promise<Result<SessionUser>> {
  let credential: string;
  try {
    credential = await deviceCredential();
  } catch (error) {
    console.error('[session] no device credential', error);
    return failure('CREDENTIAL_UNAVAILABLE', 'the device credential could not be made or stored');
  }
  const result = await requestDeviceSession(chatServerUrl(), credential, nickname.trim() || undefined);
  return beginSession(result, result.ok && result.data.user.username ? 'account' : 'device');
}

/**
 * Signs in with WeChat (mini program only): a `wx.login` code for the server to exchange. `nickname` names the
 * user on its first WeChat sign-in; later ones keep the stored name. Errors carry the HTTP status.
 */
export async function signInWithWechat(nickname = ''): Promise<Result<SessionUser>> {
  let code: string;
  try {
    code = await wechatLoginCode();
  } catch (error) {
    console.warn('[session] wx.login failed', error);
    return failure('LOGIN_FAILED', 'wx.login failed');
  }
  return beginSession(await requestWechatSession(chatServerUrl(), code, nickname.trim() || undefined), 'wechat');
}

/** Starts the connection runtime for a session a sign-in answered with, after forgetting the previous user. */
export function beginSession(result: Result<SessionResponse>, kind: AccountKind): Result<SessionUser> {
  if (!result.ok) return result;
  stopChat();
  resetStores();
  sessionStore.getState().signedIn(result.data, Date.now(), kind);
  startChat();
  return { ok: true, data: result.data.user };
}

/** Revokes the session on every device (the server drops their sockets), then signs out here. */
export async function signOutEverywhere(): Promise<RequestError | null> {
  const { token } = sessionStore.getState();
  if (token) {
    const result = await requestSignOutAll(chatServerUrl(), token);
    // A refused token is already signed out everywhere it matters.
    if (!result.ok && result.error.status !== 401) return result.error;
  }
  forgetSession();
  return null;
}

/**
 * Forgets the session and everything stored for it on this device, and ends it on the server (fire and forget:
 * offline, the token is forgotten here all the same and expires on its own).
 */
export function signOut(): void {
  const { token } = sessionStore.getState();
  if (token) void requestSignOut(chatServerUrl(), token);
  forgetSession();
}

/** Forgets the session and everything stored for it on this device; the server is not told. */
function forgetSession(): void {
  stopChat();
  resetStores();
  sessionStore.getState().signedOut();
  clearPersistedState();
  connectionStore.getState().offline('stopped');
}

function resetStores(): void {
  roomsStore.getState().reset();
  messagesStore.getState().reset();
  outboxStore.getState().reset();
  draftsStore.getState().reset();
  presenceStore.getState().reset();
  receiptsStore.getState().reset();
  mentionsStore.getState().reset();
  profilesStore.getState().reset();
  safetyStore.getState().reset();
  searchStore.getState().reset();
}
