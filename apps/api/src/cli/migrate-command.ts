import type { Command } from 'commander';
import { migrateToLatest } from '@omniloyal/ledger';
import { describeDb, openDb } from './open-db.ts';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply every pending migration to DATABASE_URL, or to the embedded database under .data/pglite')
    .action(async () => {
      const { db, close } = await openDb({ migrate: false });
      try {
        const { results, error } = await migrateToLatest(db);
        for (const result of results ?? []) console.log(`${result.status === 'Success' ? 'applied' : result.status}: ${result.migrationName}`);
        if (error) throw error;
        console.log(results?.length ? `Migrated ${describeDb(db)}.` : `${describeDb(db)} is up to date.`);
      } finally {
        await close();
      }
    });
}
