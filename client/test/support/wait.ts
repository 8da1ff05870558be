/** Polls `check` until it returns a truthy value (returned) or fails with `description` after `timeoutMs`. */
export async function waitFor<T>(
  description: string,
  check: () => T | null | undefined | false,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
