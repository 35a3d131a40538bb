import type { Command } from 'commander';
import { verify } from '@omniloyal/ledger';
import { withDb } from './open-db.ts';

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('recompute every balance from ledger entries and lots; exits 1 on any difference')
    .option('--program <id>', 'verify one program only (default: all)')
    .action(async (options: { program?: string }) => {
      const report = await withDb((db) => verify(db, options.program ? { programId: options.program } : {}));
      const refused = report.negativeBalances.filter((n) => !n.allowed);
      for (const d of report.memberDifferences) {
        console.error(`member ${d.memberId} ${d.field}: running total ${d.fromRunningTotals}, entries ${d.fromEntries}, lots ${d.fromLots}`);
      }
      for (const t of report.unbalancedTransactions) console.error(`transaction ${t.transactionId}: entries sum to ${t.sum}, not 0`);
      for (const id of report.orphanEntryTransactions) console.error(`entries of missing transaction ${id}`);
      for (const n of refused) console.error(`member ${n.memberId} ${n.field} is negative: ${n.value}`);
      if (!report.ok) {
        console.error('Ledger verification FAILED.');
        process.exitCode = 1;
        return;
      }
      console.log('Ledger verified: every balance equals its entries and its open lots; every transaction sums to zero.');
    });
}
