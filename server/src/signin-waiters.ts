import type { TypedServer } from './io';

/** The inter-node event that tells every node a ticket changed (its id). */
export const TICKET_CHANGED_EVENT = 'signin:ticket';

/**
 * Browsers waiting on a sign-in ticket (long-poll): a change to the ticket wakes its waiters at once, on this node
 * and, through the Socket.IO adapter, on every other node, so a confirm reaches the browser within a round trip
 * whichever nodes the phone and the browser talk to. A waiter also wakes at its deadline and re-reads the ticket.
 */
export class TicketWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();
  /** Set when the node shuts down: every waiter answers at once, so no request holds the shutdown. */
  closed = false;

  constructor(private readonly io: TypedServer) {
    io.on(TICKET_CHANGED_EVENT, (ticketId: string) => this.wake(ticketId));
  }

  /** How many requests wait on the ticket now. */
  count(ticketId: string): number {
    return this.waiting.get(ticketId)?.size ?? 0;
  }

  /** Resolves when the ticket changes, after `ms`, or when `signal` aborts (the browser went away). */
  wait(ticketId: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const waiters = this.waiting.get(ticketId) ?? new Set();
      this.waiting.set(ticketId, waiters);
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        waiters.delete(done);
        if (waiters.size === 0) this.waiting.delete(ticketId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      waiters.add(done);
    });
  }

  /** The ticket changed: its waiters here and on the other nodes re-read it. */
  changed(ticketId: string): void {
    this.wake(ticketId);
    this.io.serverSideEmit(TICKET_CHANGED_EVENT, ticketId);
  }

  /** Wakes every waiter for good (shutdown). */
  close(): void {
    this.closed = true;
    for (const ticketId of [...this.waiting.keys()]) this.wake(ticketId);
  }

  private wake(ticketId: string): void {
    for (const done of [...(this.waiting.get(ticketId) ?? [])]) done();
  }
}
