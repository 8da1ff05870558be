import type { Result } from '../errors';

/** Logs a sync request that failed for good on this connection (not merely offline); the next connection retries. */
export function giveUp(roomId: string, what: string, result: Result<unknown>): void {
  if (!result.ok && result.error.code !== 'OFFLINE') {
    console.error(`[sync] ${what} of room ${roomId} failed: ${result.error.code}; retried on the next connection`);
  }
}
