import { Listeners, fail, ok, settle } from './callbacks';
import type { ModuleSystem } from './loader';
import type { Scheduler } from './scheduler';
import type { ConnectSocketOptions } from './socket-task';
import { SocketTask } from './socket-task';
import { routeUrl } from './routing';
import type { Hosts } from './routing';

/** WeChat allows at most 5 SocketTasks at once (base library >= 1.7.0). */
export const MAX_SOCKET_TASKS = 5;

/**
 * `wx.connectSocket` and the global `wx.onSocket*` listeners. Keeps every task it ever made so tests can check
 * how many were open at once, how each ended, and whether the app ever hit the cap.
 */
export class SocketHub {
  readonly tasks: SocketTask[] = [];
  /** Highest number of tasks connecting, open or closing at the same moment. */
  maxConcurrent = 0;
  /** `connectSocket` calls refused because 5 tasks were already live. */
  refusedForCap = 0;
  private readonly globalOpen = new Listeners<{ header: Record<string, string> }>();
  private readonly globalClose = new Listeners<{ code: number; reason: string }>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly realm: ModuleSystem['realm'],
    private readonly isOnline: () => boolean,
    private readonly hosts: Hosts,
  ) {}

  get live(): SocketTask[] {
    return this.tasks.filter((task) => task.readyState !== task.CLOSED);
  }

  get open(): SocketTask[] {
    return this.tasks.filter((task) => task.readyState === task.OPEN);
  }

  apis() {
    return {
      connectSocket: (options: ConnectSocketOptions) => this.connect(options),
      onSocketOpen: this.globalOpen.on,
      onSocketClose: this.globalClose.on,
      offSocketOpen: this.globalOpen.off,
      offSocketClose: this.globalClose.off,
    };
  }

  /** The network went away: every live task errors and closes with 1006. */
  dropAll(): void {
    for (const task of this.live) task.drop('connectSocket:fail network is down');
  }

  /** WeChat closing sockets of an app that stayed in the background: only `wx.onSocketClose` hears it. */
  closeAllSilently(): void {
    for (const task of this.live) task.closeSilently();
  }

  private connect(options: ConnectSocketOptions): SocketTask {
    const url = String(options?.url ?? '');
    const observer = {
      onOpened: () => undefined,
      onClosed: (_task: SocketTask, result: { code: number; reason: string }) => {
        this.globalClose.emit(this.scheduler, result);
      },
    };
    const task = new SocketTask(url, this.scheduler, this.realm, observer);
    if (!/^wss?:\/\//.test(url)) {
      task.readyState = task.CLOSED;
      settle(this.scheduler, options, fail('connectSocket', `invalid url "${url}"`));
      return task;
    }
    if (this.live.length >= MAX_SOCKET_TASKS) {
      this.refusedForCap += 1;
      task.readyState = task.CLOSED;
      settle(this.scheduler, options, fail('connectSocket', 'exceed max concurrent count'));
      return task;
    }
    this.tasks.push(task);
    this.maxConcurrent = Math.max(this.maxConcurrent, this.live.length);
    settle(this.scheduler, options, ok('connectSocket'));
    if (this.isOnline()) {
      task.connect({ ...options, url: routeUrl(url, this.hosts) });
      task.onOpen((result) => this.globalOpen.emit(this.scheduler, result));
    } else {
      // Offline: the task exists but its connection fails straight away, as on a phone in airplane mode.
      task.refuse('connectSocket:fail network is down');
    }
    return task;
  }
}
