/**
 * One socket's sends reach the store in the order they arrived. A send's checks (a block, a quoted message, the
 * mentioned members, a media claim) read the store first, and on PostgreSQL's pool those reads may answer out of
 * order; so each send waits for the previous send of its socket to have handed its append to the store (not for it
 * to commit: appends still share a commit). The store then appends them in that order (see message.ts).
 */
const turns = new WeakMap<object, Promise<void>>();

/** Waits for the socket's previous send to reach the store; call the answer once this send has reached it. */
export async function takeTurn(socket: object): Promise<() => void> {
  const previous = turns.get(socket);
  let release = () => {};
  turns.set(socket, new Promise<void>((resolve) => (release = resolve)));
  if (previous) await previous;
  return release;
}
