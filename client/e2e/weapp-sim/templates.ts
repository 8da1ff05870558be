import fs from 'node:fs';
import path from 'node:path';

/**
 * What Taro's generated `base.wxml` says about each node type (`nn`): the WXML tag it renders, which events the
 * template binds to the `eh` handler (`bindtap="eh"` bubbles on, `catchtouchmove="eh"` stops), and which data
 * key carries each attribute (`placeholder="{{i.p13}}"`). The harness reads this instead of hard-coding Taro's
 * per-build node numbering, so events reach exactly the elements a device would deliver them to.
 */
export interface NodeTemplate {
  nn: string;
  /** WXML tag, `#text` for text nodes. */
  tag: string;
  /** Event type -> how the template binds it. */
  events: Map<string, 'bind' | 'catch'>;
  /** WXML attribute -> key in the node's data. */
  attributes: Map<string, string>;
}

export class Templates {
  private readonly byNn = new Map<string, NodeTemplate>();

  constructor(baseWxml: string) {
    const blocks = new Map<string, string>();
    for (const match of baseWxml.matchAll(/<template name="tmpl_0_([^"]+)">([\s\S]*?)<\/template>/g)) {
      blocks.set(match[1]!, match[2]!);
    }
    for (const [name, body] of blocks) {
      if (name.includes('_')) continue; // `33_focus` / `33_blur` variants are read through their dispatcher.
      const parsed = parseBlock(body) ?? parseBlock(blocks.get(`${name}_blur`) ?? '');
      if (parsed) this.byNn.set(name, { nn: name, ...parsed });
    }
    if (!this.byNn.size) throw new Error('base.wxml has no tmpl_0_* templates: is this a Taro weapp build?');
  }

  static load(root: string): Templates {
    return new Templates(fs.readFileSync(path.join(root, 'base.wxml'), 'utf8'));
  }

  get(nn: string): NodeTemplate {
    const template = this.byNn.get(nn);
    if (!template) throw new Error(`base.wxml has no template for node type nn=${nn}`);
    return template;
  }

  has(nn: string): boolean {
    return this.byNn.has(nn);
  }
}

function parseBlock(body: string): Omit<NodeTemplate, 'nn'> | undefined {
  const first = /<([a-zA-Z-]+)((?:\s+[\w:.-]+="[^"]*")*)\s*\/?>/.exec(body);
  if (!first) return undefined;
  const tag = first[1]!;
  if (tag === 'template') return undefined;
  if (tag === 'block') {
    return /\{\{i\.v\}\}/.test(body) ? { tag: '#text', events: new Map(), attributes: new Map() } : undefined;
  }
  const events = new Map<string, 'bind' | 'catch'>();
  const attributes = new Map<string, string>();
  for (const [, name, value] of first[2]!.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
    const binding = /^(bind|catch):?([a-z]+)$/.exec(name!);
    if (binding && value === 'eh') {
      events.set(binding[2]!, binding[1] as 'bind' | 'catch');
      continue;
    }
    const key = /\bi\.(\w+)/.exec(value!);
    if (key) attributes.set(name!, key[1]!);
  }
  return { tag, events, attributes };
}
