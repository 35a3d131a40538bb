import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { dbKind, type Db } from '@omniloyal/ledger';
import { insertMembers, type MemberToInsert } from './insert-members.ts';
import { parseMemberRow } from './parse-row.ts';

export interface BadRow {
  line: number;
  reason: string;
}

export interface ImportProgress {
  rows: number;
  imported: number;
  alreadyMembers: number;
  bad: number;
  bytes: number;
  totalBytes: number;
}

export interface ImportReport extends Omit<ImportProgress, 'bytes' | 'totalBytes'> {
  badRows: BadRow[];
  /** Rows that repeat an identifier of an earlier row in the same file. */
  duplicates: number;
  ms: number;
}

/**
 * Streams a members CSV into the program in batches (one transaction of three statements per batch):
 * bad rows are reported with their line and skipped, good rows are kept, and rows whose identifier is
 * already a member's are skipped, so re-running the same file adds nothing twice.
 */
export async function importMembersCsv(
  db: Db,
  input: { programId: string; file: string; batchSize?: number; onProgress?: (progress: ImportProgress) => void; onBadRow?: (row: BadRow) => void },
): Promise<ImportReport> {
  const started = performance.now();
  const totalBytes = (await stat(input.file)).size;
  const batchSize = input.batchSize ?? 2000;
  const report: ImportReport = { rows: 0, imported: 0, alreadyMembers: 0, bad: 0, duplicates: 0, badRows: [], ms: 0 };
  const seenInFile = new Map<string, number>();
  let batch: MemberToInsert[] = [];
  let bytes = 0;

  const bad = (row: BadRow) => {
    report.bad += 1;
    report.badRows.push(row);
    input.onBadRow?.(row);
  };
  // Several batches in flight on Postgres (their identifiers are distinct: the file was deduplicated above);
  // PGlite has one connection, so one at a time there.
  const concurrency = dbKind(db) === 'postgres' ? 4 : 1;
  const inFlight = new Set<Promise<void>>();
  const flush = async () => {
    const rows = batch;
    batch = [];
    const readBytes = bytes;
    const work = insertMembers(db, input.programId, rows).then((result) => {
      report.imported += result.created.length;
      report.alreadyMembers += result.alreadyMembers.length;
      input.onProgress?.({ rows: report.rows, imported: report.imported, alreadyMembers: report.alreadyMembers, bad: report.bad, bytes: readBytes, totalBytes });
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  const parser = createReadStream(input.file).pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      bom: true,
      // A line the CSV grammar itself refuses (a stray quote) is a bad row like any other, not the end of the import.
      skip_records_with_error: true,
    }),
  );
  let lastSkipped = -1;
  parser.on('skip', (error: { lines?: number; message: string }) => {
    // An unclosed quote at the end is reported twice for the same line by the parser; count it once.
    if (error.lines === lastSkipped) return;
    lastSkipped = error.lines ?? 0;
    report.rows += 1;
    bad({ line: lastSkipped, reason: `not valid CSV: ${error.message}` });
  });
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
    report.rows += 1;
    bytes = info.bytes;
    const parsed = parseMemberRow(record);
    if ('error' in parsed) {
      bad({ line: info.lines, reason: parsed.error });
      continue;
    }
    const earlier = parsed.member.identifiers.map((i) => seenInFile.get(`${i.kind}:${i.value}`)).find((line) => line !== undefined);
    if (earlier !== undefined) {
      report.duplicates += 1;
      bad({ line: info.lines, reason: `repeats an identifier of line ${earlier}` });
      continue;
    }
    for (const i of parsed.member.identifiers) seenInFile.set(`${i.kind}:${i.value}`, info.lines);
    batch.push(parsed.member);
    if (batch.length >= batchSize) await flush();
  }
  bytes = totalBytes;
  await flush();
  await Promise.all(inFlight);
  // CSV grammar errors surface ahead of the records buffered before them; report in file order.
  report.badRows.sort((a, b) => a.line - b.line);
  report.ms = Math.round(performance.now() - started);
  return report;
}
