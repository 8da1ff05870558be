import type { FaultProxy } from '@tandem/fault-proxy';
import type { Message } from '@tandem/protocol';
import type { BackoffOptions } from '../../src/services/connection/backoff';
import { launchApp, timelineOf } from '../support/device';
import type { App, LaunchOptions } from '../support/device';
import { between } from '../support/seeded-random';
import { sleep, waitFor } from '../support/wait';

/** Reconnection backoff of the chaos tests: the app's shape (exponential, jitter), on a faster clock. */
export const TEST_BACKOFF: BackoffOptions = { minMs: 250, maxMs: 2000, factor: 2, jitter: 0.5 };

export interface StartOptions extends LaunchOptions {
  serverUrl: string;
  backoff?: BackoffOptions;
  /** The jitter's randomness (seeded in chaos runs). */
  random?: () => number;
}

/** Launches an app pointed at `serverUrl` (a proxy); `startChat` is left to the caller. */
export async function prepareApp({ serverUrl, backoff, random, ...launch }: StartOptions): Promise<App> {
  const app = await launchApp(launch);
  app.chat.configureChat({
    serverUrl,
    connection: { backoff: backoff ?? TEST_BACKOFF, ...(random ? { random } : {}) },
  });
  return app;
}

export async function signInOnline(app: App, nickname: string): Promise<string> {
  const result = await app.account.signIn(nickname);
  if (!result.ok) throw new Error(`sign-in of ${nickname} failed: ${result.error.code} ${result.error.message}`);
  await waitFor(`${nickname} online`, () => app.connectionStore.getState().status === 'online', 15_000);
  return result.data.id;
}

export function isOnline(app: App): boolean {
  return app.connectionStore.getState().status === 'online';
}

/** Own messages not yet stored, by the outbox and by the timeline. */
export function hasUnsent(app: App, roomId: string): boolean {
  return (
    app.outboxStore.getState().items.length > 0 || timelineOf(app, roomId).some((message) => message.status !== 'sent')
  );
}

/** One line of state per app, for the message of a wait that timed out. */
export function describeApp(name: string, app: App, roomId: string): string {
  const connection = app.connectionStore.getState();
  const room = app.messagesStore.getState().rooms[roomId];
  const items = app.outboxStore.getState().items;
  const failed = items.filter((item) => item.state === 'failed').map((item) => item.lastError ?? '?');
  return (
    `${name}: ${connection.status} (attempt ${connection.attempt}, last error ${connection.lastError ?? '-'}); ` +
    `outbox ${items.length} (${app.chat.inFlightCount()} in flight, failed: ${failed.join(',') || 'none'}); ` +
    `room held ${room?.oldestSeq ?? 0}..${room?.contiguousSeq ?? 0} of ${room?.keys.length ?? 0} messages`
  );
}

/** Scrolls the app's room back to seq 1 with its own `loadOlder` intent, as a user scrolling up would. */
export async function scrollToStart(app: App, roomId: string): Promise<void> {
  for (let page = 0; page < 1000; page++) {
    const oldest = app.messagesStore.getState().rooms[roomId]?.oldestSeq ?? 0;
    if (oldest <= 1) return;
    const error = await app.chat.loadOlder(roomId);
    if (error) throw new Error(`loadOlder failed: ${error.code} ${error.message}`);
    if ((app.messagesStore.getState().rooms[roomId]?.oldestSeq ?? 0) >= oldest) {
      throw new Error(`loadOlder made no progress below seq ${oldest}`);
    }
  }
}

/** The first difference between the app's timeline and the server's history, or null when they are equal. */
export function timelineDifference(app: App, roomId: string, history: readonly Message[]): string | null {
  const timeline = timelineOf(app, roomId);
  const length = Math.max(timeline.length, history.length);
  for (let i = 0; i < length; i++) {
    const shown = timeline[i];
    const stored = history[i];
    // Edits and tombstones included: the version shown must be the one stored now.
    const shownText =
      shown &&
      `${shown.seq}:${shown.id}:${shown.sender.id}:${shown.clientId}:${shown.text}:${shown.status}:` +
        `${shown.state ?? ''}:${shown.editedAt ?? ''}:${shown.changeSeq ?? 0}`;
    const storedText =
      stored &&
      `${stored.seq}:${stored.id}:${stored.sender.id}:${stored.clientId}:${stored.text}:sent:` +
        `${stored.state ?? ''}:${stored.editedAt ?? ''}:${stored.changeSeq ?? 0}`;
    if (shownText !== storedText) {
      return `position ${i} of ${timeline.length} shown / ${history.length} stored: shown ${shownText} stored ${storedText}`;
    }
  }
  return null;
}

/**
 * Sometimes (by `draw`) edits or recalls one of the app's own stored messages, as a user would, without waiting:
 * under faults the request may fail (offline, or a recall after an edit lost the race), which is fine, the server's
 * history is the truth the timelines must end with. Resolves when the request is answered.
 */
export function maybeChangeOwn(app: App, roomId: string, userId: string, draw: () => number): Promise<unknown> {
  const roll = draw();
  if (roll >= 0.16) return Promise.resolve();
  const own = timelineOf(app, roomId).filter((m) => m.sender.id === userId && m.id !== null && !m.state);
  const target = own[Math.floor(draw() * own.length)];
  if (!target?.id) return Promise.resolve();
  if (roll < 0.08) return app.chat.recallMessage(roomId, target.id);
  return app.chat.editMessage(roomId, target.id, `${target.text} (edited ${Math.floor(draw() * 1000)})`);
}

/** Seqs are exactly 1..n and every (sender, clientId) is stored once. Returns the problem, or null. */
export function historyProblem(history: readonly Message[]): string | null {
  const wrongSeq = history.findIndex((message, index) => message.seq !== index + 1);
  if (wrongSeq !== -1) return `seq ${history[wrongSeq]?.seq} at position ${wrongSeq} (expected ${wrongSeq + 1})`;
  const keys = new Set(history.map((message) => `${message.sender.id}:${message.clientId}`));
  if (keys.size !== history.length) return `${history.length - keys.size} duplicated (sender, clientId) pairs`;
  return null;
}

/** How long a cut link stays down, and how long a restored link stays up before the next cut. */
const DOWN_MS = { min: 200, max: 5000 };
const UP_MS = { min: 300, max: 3000 };
/** One-way latency of a link while up (a mobile network's): sends stay in flight long enough to be cut. */
const LATENCY_MS = { min: 5, max: 40 };

/**
 * Cuts the link for 0.2-5 s at a time, with 0.3-3 s of link between cuts (each with its own latency), until `stopped`
 * resolves; each downtime is pushed to `downtimes`.
 */
export async function cutAtRandom(
  proxy: FaultProxy,
  draw: () => number,
  stopped: Promise<void>,
  downtimes: number[],
): Promise<void> {
  let running = true;
  void stopped.then(() => (running = false));
  while (running) {
    proxy.setDelay(between(draw, LATENCY_MS.min, LATENCY_MS.max));
    await Promise.race([sleep(between(draw, UP_MS.min, UP_MS.max)), stopped]);
    if (!running) return;
    const downMs = between(draw, DOWN_MS.min, DOWN_MS.max);
    proxy.cut(downMs);
    downtimes.push(downMs);
    await Promise.race([sleep(downMs), stopped]);
  }
}
