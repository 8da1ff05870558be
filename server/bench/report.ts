/**
 * Turns the per-round results into the side-by-side table (bare vs Tandem, their ratio and the targets),
 * printed and written as JSON and markdown to bench-output/ at the repository root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { round } from './stats';

export interface Row {
  metric: string;
  bare: number;
  tandem: number;
  digits: number;
  /** The target, as text, and whether the measured figures meet it. */
  target?: { text: string; met: (bare: number, tandem: number) => boolean };
}

const OUTPUT_DIR = path.resolve(__dirname, '..', '..', 'bench-output');

const format = (value: number, digits: number) =>
  Number.isFinite(value) ? round(value, digits).toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

function cells(row: Row): string[] {
  const ratio = row.tandem / row.bare;
  const verdict = row.target ? (row.target.met(row.bare, row.tandem) ? 'met' : 'MISSED') : '';
  return [
    row.metric,
    format(row.bare, row.digits),
    format(row.tandem, row.digits),
    Number.isFinite(ratio) ? `${round(ratio, 2)}x` : 'n/a',
    row.target ? `${row.target.text}: ${verdict}` : '',
  ];
}

/** The rows as data: the ratio and the verdict computed, the target as its text. */
export function rowsAsJson(rows: Row[]) {
  return rows.map((row) => ({
    metric: row.metric,
    bare: round(row.bare, row.digits + 1),
    tandem: round(row.tandem, row.digits + 1),
    ratio: round(row.tandem / row.bare, 3),
    target: row.target?.text,
    met: row.target?.met(row.bare, row.tandem),
  }));
}

const HEADER = ['Metric', 'bare', 'tandem', 'tandem/bare', 'target'];

export function markdownTable(rows: Row[]): string {
  const lines = [HEADER, HEADER.map(() => '---'), ...rows.map(cells)];
  return lines.map((line) => `| ${line.join(' | ')} |`).join('\n');
}

/** Fixed-width columns for the terminal. */
export function textTable(rows: Row[]): string {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  return lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')).join('\n');
}

export function writeOutputs(json: unknown, markdown: string): string[] {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const jsonFile = path.join(OUTPUT_DIR, 'server.json');
  const markdownFile = path.join(OUTPUT_DIR, 'server.md');
  fs.writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(markdownFile, `${markdown}\n`);
  return [jsonFile, markdownFile].map((file) => path.relative(process.cwd(), file));
}
