import type { Command } from 'commander';
import { seedDemo } from '../seed/seed-demo.ts';
import { demoKeysFile, writeDemoKeys } from '../seed/demo-keys-file.ts';
import { demoBanner } from '../seed/demo-banner.ts';
import { DEMO_MANAGER } from '../seed/demo-logins.ts';
import { withDb } from './open-db.ts';
import { CliError } from './program-option.ts';

export function seedDemoCommand(program: Command): void {
  program
    .command('seed-demo')
    .description('create the Starbucks-style demo program: 3 stores, keys, a manager and a shopper login, members with a year of history')
    .option('--members <n>', 'how many members', (v) => Number.parseInt(v, 10), 1000)
    .option('--no-keys-file', `do not save the till and integration keys to ${demoKeysFile}`)
    .action(async (options: { members: number; keysFile: boolean }) => {
      if (!Number.isInteger(options.members) || options.members < 1 || options.members > 100_000) {
        throw new CliError('--members: a whole number from 1 to 100000');
      }
      await withDb(async (db) => {
        const existing = await db.selectFrom('managers').select('id').where('email', '=', DEMO_MANAGER.email).executeTakeFirst();
        if (existing) throw new CliError('The demo is already seeded in this database (its manager login exists).');
        const seed = await seedDemo(db, { members: options.members, log: (line) => console.log(line) });
        const keys = { terminalKey: seed.terminalKey, integrationKey: seed.integrationKey, storeId: seed.storeId };
        if (options.keysFile) await writeDemoKeys(keys);
        console.log(demoBanner({ keys, keysAreNew: true, keysFile: demoKeysFile }));
      });
    });
}
