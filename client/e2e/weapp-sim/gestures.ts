import type { PageInstance } from './pages';
import type { Scheduler } from './scheduler';
import type { ViewNode } from './view';

/** WXML events that bubble; the rest (input, confirm, focus, blur, ...) only reach the element itself. */
const BUBBLING = new Set(['touchstart', 'touchmove', 'touchcancel', 'touchend', 'tap', 'longpress', 'longtap']);

export interface GestureHost {
  scheduler: Scheduler;
  page(): PageInstance;
  /** The node as it is rendered now (data objects are replaced by later setData calls). */
  current(node: ViewNode): ViewNode;
  /** ms since the page opened, WeChat's `timeStamp`. */
  timeStamp(): number;
  /**
   * A tapped `<button>` with an `open-type`: WeChat's own behaviour, which ends in events on the button (`answer`
   * delivers one, e.g. `chooseavatar` with the chosen file).
   */
  openType(openType: string, button: ViewNode, answer: (type: string, detail: object) => void): void;
}

/**
 * A user's finger and keyboard. Events go where WeChat's view layer would send them: to the `eh` handler of
 * every element on the way up whose template binds that event (`bind*` bubbles on, `catch*` stops), with the
 * event object a device produces (`type`, `timeStamp`, `target`/`currentTarget` with `id` and `dataset.sid`,
 * `detail`). An input keeps the text the user typed until the app writes a different `value` (WeChat's input is
 * uncontrolled that way), which `valueOf` reports.
 */
export class Gestures {
  private readonly typed = new Map<string, { text: string; dataValue: unknown }>();
  private focused: ViewNode | undefined;

  constructor(private readonly host: GestureHost) {}

  tap(node: ViewNode): void {
    const target = node.isText ? node.parent! : node;
    if (this.focused && this.focused.raw.sid !== target.raw.sid) this.blur(this.focused);
    const touch = { identifier: 0, pageX: 10, pageY: 10, clientX: 10, clientY: 10 };
    this.dispatch(target, 'touchstart', {}, { touches: [touch], changedTouches: [touch] });
    this.dispatch(target, 'touchend', {}, { touches: [], changedTouches: [touch] });
    this.dispatch(target, 'tap', { x: 10, y: 10 }, { touches: [], changedTouches: [touch] });
    const openType = target.tag === 'button' && target.attr('disabled') !== true ? target.attr('open-type') : undefined;
    if (typeof openType === 'string' && openType) {
      this.host.openType(openType, target, (type, detail) => this.dispatch(this.host.current(target), type, detail));
    }
  }

  /** Types `text` one keystroke at a time (focus first), replacing what the input held. */
  async type(node: ViewNode, text: string): Promise<void> {
    this.assertEditable(node);
    if (this.focused?.raw.sid !== node.raw.sid) {
      if (this.focused) this.blur(this.focused);
      this.focused = node;
      this.dispatch(node, 'focus', { value: this.valueOf(node), height: 0 });
    }
    for (let length = text.length === 0 ? 0 : 1; length <= text.length; length++) {
      const value = text.slice(0, length);
      const current = this.host.current(node);
      const returned = this.dispatch(current, 'input', { value, cursor: value.length, keyCode: 0 });
      const shown = typeof returned === 'string' ? returned : value;
      this.typed.set(node.raw.sid, { text: shown, dataValue: current.attr('value') });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** A scroll-view's own event (`scroll`, `scrolltoupper`, `scrolltolower`); it does not bubble. */
  scrollEvent(node: ViewNode, type: 'scroll' | 'scrolltoupper' | 'scrolltolower', detail: object): void {
    if (node.tag !== 'scroll-view') throw new Error(`${type} comes from a scroll-view, not <${node.tag}>`);
    this.dispatch(this.host.current(node), type, detail);
  }

  /** The keyboard's confirm key (`bindconfirm`). */
  confirm(node: ViewNode): void {
    this.assertEditable(node);
    this.dispatch(node, 'confirm', { value: this.valueOf(node) });
  }

  blur(node: ViewNode): void {
    if (this.focused?.raw.sid === node.raw.sid) this.focused = undefined;
    this.dispatch(node, 'blur', { value: this.valueOf(node), cursor: this.valueOf(node).length });
  }

  /** What the input shows: the typed text unless the app has since written a different `value`. */
  valueOf(node: ViewNode): string {
    node = this.host.current(node);
    const typed = this.typed.get(node.raw.sid);
    const dataValue = node.attr('value');
    if (typed && typed.dataValue === dataValue) return typed.text;
    return dataValue === undefined || dataValue === null ? '' : String(dataValue);
  }

  private assertEditable(node: ViewNode): void {
    if (node.tag !== 'input' && node.tag !== 'textarea') {
      throw new Error(`can only type into an input or a textarea, not <${node.tag} class="${node.raw.cl ?? ''}">`);
    }
    if (node.attr('disabled') === true) throw new Error(`the ${node.tag} "${node.raw.cl ?? ''}" is disabled`);
  }

  /** Delivers one event along its path; returns what the target's handler returned (input value rewrites). */
  private dispatch(target: ViewNode, type: string, detail: object, extra: object = {}): unknown {
    const path = BUBBLING.has(type) ? [target, ...target.ancestors()] : [target];
    const page = this.host.page();
    const timeStamp = this.host.timeStamp();
    let result: unknown;
    for (const element of path) {
      if (element.tag === 'page') break;
      const binding = element.isText ? undefined : element.template.events.get(type);
      if (!binding) continue;
      const event = {
        type,
        timeStamp,
        target: { id: target.id, offsetLeft: 0, offsetTop: 0, dataset: { sid: target.raw.sid } },
        currentTarget: { id: element.id, offsetLeft: 0, offsetTop: 0, dataset: { sid: element.raw.sid } },
        mark: {},
        detail: { ...detail },
        mut: false,
        ...extra,
      };
      const handler = page.eh;
      if (typeof handler !== 'function') throw new Error(`page ${page.route} has no eh handler (not a Taro page?)`);
      const returned = this.host.scheduler.run(() => handler.call(page, event));
      if (element === target) result = returned;
      if (binding === 'catch') break;
    }
    return result;
  }
}
