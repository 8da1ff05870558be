/**
 * Polls `check` until it returns a truthy value (returned) or fails with `description` after `timeoutMs`. A function
 * as description is called on timeout, to report the state that was waited on.
 */
export async function waitFor<T>(
  description: string | (() => string),
  check: () => T | null | undefined | false,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) {
      const text = typeof description === 'string' ? description : description();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${text}`);
    }
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
