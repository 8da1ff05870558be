/**
 * `setData` as WeChat applies it: each key is a data path (`root.cn.[0].cn[2].v`, `a.b`), missing containers
 * are created (an array before an index, an object before a name), and values cross the bridge as JSON, so
 * `undefined` members disappear and nothing shares identity with the caller's objects.
 */

/** WeChat rejects a single setData payload above 1024 KB. */
export const SET_DATA_LIMIT_BYTES = 1024 * 1024;

type Step = string | number;

export function parseDataPath(path: string): Step[] {
  const steps: Step[] = [];
  for (const match of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    steps.push(match[1] !== undefined ? Number(match[1]) : match[2]!);
  }
  if (!steps.length) throw new Error(`setData: invalid data path "${path}"`);
  return steps;
}

export function applySetData(data: Record<string, unknown>, patch: Record<string, unknown>, realmJSON: JSON): void {
  const serialised = JSON.stringify(patch);
  if (Buffer.byteLength(serialised ?? '') > SET_DATA_LIMIT_BYTES) {
    throw new Error('setData: Data exceeds 1024KB, WeChat refuses it');
  }
  for (const [path, value] of Object.entries(patch)) {
    if (value === undefined) continue; // WeChat warns and ignores undefined values.
    const steps = parseDataPath(path);
    let container: Record<string | number, unknown> = data;
    for (let i = 0; i < steps.length - 1; i++) {
      const step = steps[i]!;
      let next = container[step];
      if (next === null || typeof next !== 'object') {
        next = typeof steps[i + 1] === 'number' ? [] : {};
        container[step] = next;
      }
      container = next as Record<string | number, unknown>;
    }
    container[steps[steps.length - 1]!] = realmJSON.parse(JSON.stringify(value)) as unknown;
  }
}
