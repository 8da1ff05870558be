import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { applySetData } from './data-tree';
import { createModuleSystem } from './loader';
import { Scheduler } from './scheduler';
import { MAX_SOCKET_TASKS, SocketHub } from './sockets';
import type { SocketTask } from './socket-task';
import { MiniProgram } from './mini-program';
import { createStorageApis } from './storage';
import { Templates } from './templates';

/** The simulation's own promises, checked without a weapp build: if these break, the e2e results mean nothing. */

const realm = createModuleSystem(os.tmpdir(), {}).realm;
const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('weapp-sim', () => {
  let server: WebSocketServer;
  let url: string;
  let scheduler: Scheduler;

  beforeEach(async () => {
    scheduler = new Scheduler();
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) =>
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })),
    );
    await new Promise((resolve) => server.once('listening', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    scheduler.dispose();
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  test('refuses a sixth live SocketTask like WeChat and allows one again after a close', async () => {
    const hub = new SocketHub(scheduler, realm, () => true, {});
    const opened: SocketTask[] = [];
    for (let i = 0; i < MAX_SOCKET_TASKS; i++) {
      const task = hub.apis().connectSocket({ url });
      task.onOpen(() => opened.push(task));
    }
    await until(() => opened.length === MAX_SOCKET_TASKS, 'five open tasks');
    const failures: string[] = [];
    hub.apis().connectSocket({ url, fail: ({ errMsg }: { errMsg: string }) => failures.push(errMsg) } as never);
    await until(() => failures.length === 1, 'the refusal');
    expect(failures).toEqual(['connectSocket:fail exceed max concurrent count']);
    opened[0]!.close({});
    await until(() => hub.live.length === MAX_SOCKET_TASKS - 1, 'the close');
    hub.apis().connectSocket({ url });
    expect(hub.refusedForCap).toBe(1);
    expect(hub.maxConcurrent).toBe(MAX_SOCKET_TASKS);
  });

  test('a background close fires only the global wx.onSocketClose, and send then fails', async () => {
    const hub = new SocketHub(scheduler, realm, () => true, {});
    const events: string[] = [];
    hub.apis().onSocketClose(() => events.push('global close'));
    const task = hub.apis().connectSocket({ url });
    task.onClose(() => events.push('task close'));
    task.onError(() => events.push('task error'));
    await until(() => task.readyState === task.OPEN, 'open');
    hub.closeAllSilently();
    await until(() => events.length > 0, 'a close event');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(['global close']);
    const sent: string[] = [];
    task.send({ data: 'late', fail: (result) => sent.push((result as { errMsg: string }).errMsg) });
    await until(() => sent.length === 1, 'the send failure');
    expect(sent).toEqual(['SocketTask.send:fail SocketTask.readyState is not OPEN']);
  });

  test('delivers binary frames as ArrayBuffers of the mini program realm and rejects typed arrays', async () => {
    const hub = new SocketHub(scheduler, realm, () => true, {});
    const task = hub.apis().connectSocket({ url });
    const received: unknown[] = [];
    const failures: string[] = [];
    task.onMessage(({ data }) => received.push(data));
    await until(() => task.readyState === task.OPEN, 'open');
    task.send({ data: new realm.Uint8Array([1, 2, 3]).buffer });
    task.send({
      data: new Uint8Array([4]),
      fail: (r: unknown) => failures.push((r as { errMsg: string }).errMsg),
    } as never);
    await until(() => received.length === 1 && failures.length === 1, 'the echo');
    expect(received[0]).toBeInstanceOf(realm.ArrayBuffer);
    expect([...new Uint8Array(received[0] as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(failures[0]).toMatch(/should be String\/ArrayBuffer/);
  });

  test('an offline network drops open tasks with an error and a 1006 close', async () => {
    let online = true;
    const hub = new SocketHub(scheduler, realm, () => online, {});
    const task = hub.apis().connectSocket({ url });
    const events: string[] = [];
    task.onError(({ errMsg }) => events.push(errMsg));
    task.onClose(({ code }) => events.push(`close ${code}`));
    await until(() => task.readyState === task.OPEN, 'open');
    online = false;
    hub.dropAll();
    await until(() => events.length === 2, 'error and close');
    expect(events).toEqual(['connectSocket:fail network is down', 'close 1006']);
  });

  test('a suspended JS thread runs no timers and no host callbacks until it resumes', async () => {
    const fired: string[] = [];
    scheduler.globals().setTimeout(() => fired.push('timer'), 30);
    scheduler.suspend();
    scheduler.deliver(() => fired.push('event'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(fired).toEqual([]);
    scheduler.resume();
    expect(fired).toEqual(['event']);
    await until(() => fired.length === 2, 'the timer');
  });

  test('setData applies Taro data paths with JSON semantics', () => {
    const data: Record<string, unknown> = { root: { cn: [] } };
    applySetData(data, { 'root.cn.[0]': { nn: '1', sid: '_n1', cn: [] }, 'root.cn[0].cn.[1].v': 'hi' }, realm.JSON);
    applySetData(data, { 'a.b': { keep: 1, drop: undefined } }, realm.JSON);
    expect(JSON.stringify(data)).toBe(
      '{"root":{"cn":[{"nn":"1","sid":"_n1","cn":[null,{"v":"hi"}]}]},"a":{"b":{"keep":1}}}',
    );
    expect(() => applySetData(data, { big: 'x'.repeat(1024 * 1024) }, realm.JSON)).toThrow(/1024KB/);
  });

  test('storage reads a missing key as an empty string and refuses items over 1 MB', () => {
    const storage = createStorageApis(new Map(), scheduler, realm.JSON);
    expect(storage.getStorageSync('missing')).toBe('');
    storage.setStorageSync('session', { token: 't' });
    expect(storage.getStorageSync('session')).toEqual({ token: 't' });
    expect(() => storage.setStorageSync('huge', 'x'.repeat(1024 * 1024))).toThrow(/exceed storage item max length/);
  });

  test("reads node types, bound events and attribute keys from Taro's base.wxml", () => {
    const templates = new Templates(
      '<template name="tmpl_0_7"><input value="{{i.p25}}" bindinput="eh" catchtouchmove="eh" class="{{i.cl}}" ' +
        'id="{{i.uid||i.sid}}"></input></template><template name="tmpl_0_9"><block>{{i.v}}</block></template>',
    );
    const input = templates.get('7');
    expect(input.tag).toBe('input');
    expect(Object.fromEntries(input.events)).toEqual({ input: 'bind', touchmove: 'catch' });
    expect(input.attributes.get('value')).toBe('p25');
    expect(templates.get('9').tag).toBe('#text');
  });

  test('runs a package with only WeChat globals, in launch order, and records what the app throws', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-sim-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('app.json', JSON.stringify({ pages: ['pages/a/index'] }));
    write('base.wxml', '<template name="tmpl_0_1"><view bindtap="eh" class="{{i.cl}}"></view></template>');
    write(
      'lib/globals.js',
      'module.exports = [typeof window, typeof document, typeof WebSocket, typeof fetch, typeof process, typeof require, typeof wx];',
    );
    write(
      'app.js',
      `const seen = require('./lib/globals'); const log = [];
       App({ seen, log, onLaunch() { log.push('app launch'); },
             onShow() { log.push('app show'); } });`,
    );
    write(
      'pages/a/index.js',
      `Page({ data: { root: { cn: [] } }, onLoad(q) { getApp().log.push('page load'); },
              onShow() { getApp().log.push('page show'); }, onReady() { getApp().log.push('page ready'); throw new Error('bad ready'); } });`,
    );
    const mp = MiniProgram.launch({ root });
    try {
      const app = mp.appInstance as { seen: string[]; log: string[] };
      expect(app.seen).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'function', 'object']);
      await until(() => mp.problems().length === 1, 'the error');
      expect(app.log).toEqual(['app launch', 'app show', 'page load', 'page show', 'page ready']);
      expect(mp.problems()[0]).toMatch(/^uncaught: Error: bad ready/);
    } finally {
      mp.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
