import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { importMembersCsv, type ImportProgress } from './import/import-members.ts';
import { withDb } from './open-db.ts';
import { programOptionHelp, resolveProgram } from './program-option.ts';

const columnsHelp = `
CSV columns (a header row names them; order does not matter, other columns are ignored):
  email     e-mail address (an identifier)
  phone     phone number with country code, e.g. +1 206 555 0100 (an identifier)
  card      loyalty card number, 4-32 letters or digits (an identifier)
  name      display name
  birthday  YYYY-MM-DD
Each row needs at least one identifier. Bad rows are reported with their line number and skipped;
good rows are kept. A row whose identifier already belongs to a member is skipped as "already a
member", so running the same file again adds nothing twice.

Example:
  email,phone,name,birthday,card
  ada@example.com,+44 20 7946 0018,Ada Lovelace,1815-12-10,
  ,+1 206 555 0100,Grace,,CARD-0001`;

export function importMembersCommand(program: Command): void {
  program
    .command('import-members')
    .description('import members from a CSV file (streamed, in batches of 2,000)')
    .argument('<csv>', 'path of the CSV file')
    .option('--program <id>', programOptionHelp)
    .option('--batch-size <n>', 'rows per database transaction', (v) => Number.parseInt(v, 10), 2000)
    .addHelpText('after', columnsHelp)
    .action(async (file: string, options: { program?: string; batchSize: number }) => {
      await withDb(async (db) => {
        const { id: programId, name } = await resolveProgram(db, options.program);
        const tty = process.stdout.isTTY === true;
        const bar = tty
          ? new cliProgress.SingleBar({ format: 'importing [{bar}] {percentage}% | {rows} rows | {imported} new, {alreadyMembers} already members, {bad} bad | ETA {eta_formatted}' }, cliProgress.Presets.shades_classic)
          : undefined;
        let lastLine = 0;
        const onProgress = (p: ImportProgress) => {
          if (bar) {
            if (!bar.isActive) bar.start(p.totalBytes, 0, p);
            bar.update(p.bytes, p);
          } else if (p.rows - lastLine >= 10_000 || p.bytes === p.totalBytes) {
            lastLine = p.rows;
            console.log(`progress: ${p.rows} rows read (${Math.round((100 * p.bytes) / Math.max(1, p.totalBytes))}%), ${p.imported} new, ${p.alreadyMembers} already members, ${p.bad} bad`);
          }
        };
        const badLines: string[] = [];
        const report = await importMembersCsv(db, {
          programId,
          file,
          batchSize: options.batchSize,
          onProgress,
          onBadRow: (row) => {
            const text = `line ${row.line}: ${row.reason}`;
            // Under a progress bar, bad rows are listed after it ends; otherwise as they come.
            if (bar) badLines.push(text);
            else console.error(text);
          },
        });
        bar?.stop();
        for (const text of badLines) console.error(text);
        const rate = Math.round(report.rows / Math.max(0.001, report.ms / 1000));
        console.log(
          `Imported into ${name}: ${report.imported} new members, ${report.alreadyMembers} already members, ${report.bad} bad rows skipped ` +
            `(${report.rows} rows in ${(report.ms / 1000).toFixed(1)} s, ${rate} rows/s).`,
        );
      });
    });
}
