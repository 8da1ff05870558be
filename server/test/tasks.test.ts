import { createLogger } from '../src/logger';
import { KeyedQueue, TaskTracker } from '../src/tasks';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs tasks of one key one at a time, in order, even when earlier ones are slower', async () => {
    const queue = new KeyedQueue();
    const finished: number[] = [];
    await Promise.all(
      [30, 0, 10].map((delay, i) =>
        queue.run('room', async () => {
          await tick(delay);
          finished.push(i);
        }),
      ),
    );
    expect(finished).toEqual([0, 1, 2]);
  });

  it('runs tasks of different keys concurrently', async () => {
    const queue = new KeyedQueue();
    const finished: string[] = [];
    await Promise.all([
      queue.run('slow', async () => {
        await tick(30);
        finished.push('slow');
      }),
      queue.run('fast', async () => {
        finished.push('fast');
      }),
    ]);
    expect(finished).toEqual(['fast', 'slow']);
  });

  it('keeps going after a task fails and forgets idle keys', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('room', () => Promise.reject(new Error('boom')));
    const next = queue.run('room', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await tick();
    expect(queue.size).toBe(0);
  });
});

describe('TaskTracker', () => {
  it('drains only when every tracked task has settled, failed ones included', async () => {
    const tracker = new TaskTracker(createLogger('silent'));
    let done = false;
    tracker.track(tick(20).then(() => void (done = true)));
    tracker.track(Promise.reject(new Error('logged, not thrown')));
    await tracker.drain();
    expect(done).toBe(true);
  });
});
