import { getServerUrl } from '../platform/server';
import { onStorageWrite } from '../platform/storage';
import { connectionStore } from '../stores/connection';
import { DEFAULT_SYNC } from './sync/room-sync';
import { DEFAULT_OUTBOX } from './outbox/sender';
import { ChatRuntime } from './connection/runtime';
import type { ChatConfig, RuntimeHooks } from './connection/runtime';

/**
 * The one connection runtime of the signed-in session (null when signed out), and the configuration the next one
 * is built with. The session intents (session/account.ts) create and dispose it; the chat intents (chat.ts) use it.
 */

const config: ChatConfig = {
  serverUrl: getServerUrl(),
  connection: {},
  refresh: {},
  outbox: DEFAULT_OUTBOX,
  sync: DEFAULT_SYNC,
};
let runtime: ChatRuntime | null = null;

// A failed write (storage full) shows on the banner: unsent messages or read marks may not survive a restart.
onStorageWrite((key, ok) => connectionStore.getState().storageWritten(key, ok));

/** Overrides the server URL and the runtime's options (tests, tooling). Read when used, so it may come late. */
export function configureChat(overrides: Partial<ChatConfig>): void {
  Object.assign(config, overrides);
}

/** The server the HTTP routes (sign-in, refresh) go to. */
export function chatServerUrl(): string {
  return config.serverUrl;
}

export function currentRuntime(): ChatRuntime | null {
  return runtime;
}

/** Starts a runtime for the stored session (none when one is running). */
export function startRuntime(hooks: RuntimeHooks): ChatRuntime {
  if (runtime) return runtime;
  runtime = new ChatRuntime(config, hooks);
  runtime.start();
  return runtime;
}

export function disposeRuntime(): void {
  const stopping = runtime;
  runtime = null;
  stopping?.dispose();
}
