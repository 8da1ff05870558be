import fs from 'node:fs';
import path from 'node:path';

/** The client's layout rules that no lint rule here checks: no import cycles, service files small. */

const SRC = path.resolve(__dirname, '../src');
const EXTENSIONS = ['.ts', '.tsx', '.weapp.ts', '.h5.ts', '/index.ts'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The files a module imports from src (relative specifiers only; type-only imports included). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)[^'"]*?from\s+'(\.[^']+)'/gm)].map((match) => match[1] ?? '');
  return specifiers.flatMap((specifier) => {
    const base = path.resolve(path.dirname(file), specifier);
    const found = ['', ...EXTENSIONS]
      .map((extension) => base + extension)
      .find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
    return found ? [found] : [];
  });
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'visiting') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

describe('client source layout', () => {
  const files = sourceFiles(SRC);

  it('has no import cycle', () => {
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    expect(graph.get(path.join(SRC, 'services/session/account.ts'))?.length).toBeGreaterThan(0);
    const cycle = findCycle(graph);
    expect(cycle?.map((file) => path.relative(SRC, file)) ?? null).toBeNull();
  });

  it('keeps every service file under 200 lines', () => {
    const services = files.filter((file) => file.startsWith(path.join(SRC, 'services')));
    expect(services.length).toBeGreaterThan(10);
    const long = services
      .map((file) => [path.relative(SRC, file), lineCount(fs.readFileSync(file, 'utf8'))] as const)
      .filter(([, lines]) => lines > 200);
    expect(long).toEqual([]);
  });
});
