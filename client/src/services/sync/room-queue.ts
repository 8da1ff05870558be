/** One task at a time per room: a join, a catch-up or a gap fill never interleave. */
export class RoomQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(roomId: string, task: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(roomId) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.tails.set(roomId, next);
    void next.finally(() => {
      if (this.tails.get(roomId) === next) this.tails.delete(roomId);
    });
    return next;
  }

  clear(): void {
    this.tails.clear();
  }
}
