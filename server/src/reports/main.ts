import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openPostgresStore } from '../store/postgres';
import { openSqliteStore } from '../store/sqlite';
import type { MessageReport } from '../store/safety-types';

/**
 * `pnpm reports [--json]`: the messages members reported (`message:report`), oldest first, from the server's
 * database with the same configuration as the server (DATA_DIR, DATABASE_URL). One line per report: time, room,
 * seq, sender, reporter, reason and the reported text as it was; `--json` prints one JSON object per line.
 */

const USAGE = 'usage: pnpm reports [--json]';

const line = (report: MessageReport) =>
  [
    new Date(report.createdAt).toISOString(),
    `room=${report.roomId}`,
    `seq=${report.seq}`,
    `message=${report.messageId}`,
    `sender=${report.senderId}`,
    `reporter=${report.reporterId}`,
    `reason=${JSON.stringify(report.reason ?? '')}`,
    `text=${JSON.stringify(report.text)}`,
  ].join('\t');

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  let store;
  if (config.databaseUrl === undefined) {
    const database = path.join(config.dataDir, 'tandem.db');
    if (!fs.existsSync(database)) throw new Error(`no database at ${database}: is DATA_DIR right?`);
    store = await openSqliteStore(database);
  } else {
    store = await openPostgresStore(config.databaseUrl);
  }
  try {
    const reports = await store.listReports();
    for (const report of reports) console.log(values.json ? JSON.stringify(report) : line(report));
    if (!values.json) console.error(`${reports.length} report(s)`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(`reports failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
