import type { NodeTemplate, Templates } from './templates';

/** One node of Taro's page data tree (`root.cn[...]`): `nn` node type, `sid`, `cl` class, `v` text, `cn` children. */
export interface RawNode {
  nn: string;
  sid: string;
  uid?: string;
  cl?: string;
  st?: string;
  v?: string;
  cn?: RawNode[];
  [key: string]: unknown;
}

const ROOT_NN = '#root';

/**
 * A read-only view of the rendered tree with parent links, queried the way a user sees the page: by class name
 * (`cl`), by text, by WXML tag, by attribute (through base.wxml's attribute-to-key map).
 */
export class ViewNode {
  constructor(
    readonly raw: RawNode,
    readonly parent: ViewNode | undefined,
    private readonly templates: Templates,
  ) {}

  get tag(): string {
    return this.raw.nn === ROOT_NN ? 'page' : this.templates.get(this.raw.nn).tag;
  }

  get template(): NodeTemplate {
    return this.templates.get(this.raw.nn);
  }

  get isText(): boolean {
    return this.tag === '#text';
  }

  /** The element id WXML renders (`id="{{i.uid||i.sid}}"`). */
  get id(): string {
    return this.raw.uid || this.raw.sid;
  }

  get classList(): string[] {
    return (this.raw.cl ?? '').split(/\s+/).filter(Boolean);
  }

  hasClass(name: string): boolean {
    return this.classList.includes(name);
  }

  get children(): ViewNode[] {
    const cn = Array.isArray(this.raw.cn) ? this.raw.cn : [];
    return cn.filter((child) => child && typeof child === 'object').map((c) => new ViewNode(c, this, this.templates));
  }

  /** A WXML attribute of the element (`attr('placeholder')`, `attr('value')`), undefined when not set. */
  attr(name: string): unknown {
    if (this.raw.nn === ROOT_NN) return undefined;
    const key = this.templates.get(this.raw.nn).attributes.get(name);
    return key === undefined ? undefined : this.raw[key];
  }

  /** Text content: the concatenated `v` of every text node below, in document order. */
  text(): string {
    if (this.isText) return String(this.raw.v ?? '');
    return this.children.map((child) => child.text()).join('');
  }

  /** This node and every descendant, depth first. */
  *walk(): Generator<ViewNode> {
    yield this;
    for (const child of this.children) yield* child.walk();
  }

  findAll(predicate: (node: ViewNode) => boolean): ViewNode[] {
    return [...this.walk()].filter(predicate);
  }

  find(predicate: (node: ViewNode) => boolean): ViewNode | undefined {
    for (const node of this.walk()) if (predicate(node)) return node;
    return undefined;
  }

  byClass(name: string): ViewNode[] {
    return this.findAll((node) => node.hasClass(name));
  }

  /** Elements with this class whose text contains `text` (or equals it when `exact`). */
  byClassAndText(name: string, text: string, exact = false): ViewNode[] {
    return this.byClass(name).filter((node) => (exact ? node.text() === text : node.text().includes(text)));
  }

  ancestors(): ViewNode[] {
    const list: ViewNode[] = [];
    for (let node = this.parent; node; node = node.parent) list.push(node);
    return list;
  }

  /** Pseudo-WXML for failure messages. */
  dump(depth = 0, maxDepth = 40): string {
    const pad = '  '.repeat(depth);
    if (this.isText) return `${pad}${JSON.stringify(this.raw.v ?? '')}`;
    const cls = this.raw.cl ? ` class="${this.raw.cl}"` : '';
    if (depth >= maxDepth) return `${pad}<${this.tag}${cls}>...</${this.tag}>`;
    const inner = this.children.map((child) => child.dump(depth + 1, maxDepth)).join('\n');
    return inner ? `${pad}<${this.tag}${cls}>\n${inner}\n${pad}</${this.tag}>` : `${pad}<${this.tag}${cls} />`;
  }
}

/** The root of a page: Taro renders `root.cn` under the page. */
export function pageView(data: Record<string, unknown>, templates: Templates): ViewNode {
  const root = (data.root ?? { cn: [] }) as { cn?: RawNode[] };
  return new ViewNode({ nn: ROOT_NN, sid: 'root', cn: root.cn ?? [] }, undefined, templates);
}
