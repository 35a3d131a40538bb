import { Option, type Command } from 'commander';
import { createApiKey } from '../auth/api-keys.ts';
import { withDb } from './open-db.ts';
import { CliError, programOptionHelp, resolveProgram } from './program-option.ts';

export function createKeyCommand(program: Command): void {
  program
    .command('create-key')
    .description('create a till (terminal) key for a store, or an integration key for an online channel; the key is printed once')
    .addOption(new Option('--kind <kind>', 'terminal (a till of one store) or integration (web, app or partner)').choices(['terminal', 'integration']).default('terminal'))
    .option('--store <id>', 'the store of a terminal key (default: the program\'s first store)')
    .addOption(new Option('--channel <channel>', 'the channel of an integration key').choices(['web', 'app', 'partner']).default('web'))
    .option('--name <name>', 'a label shown in the console')
    .option('--program <id>', programOptionHelp)
    .action(async (options: { kind: 'terminal' | 'integration'; store?: string; channel: 'web' | 'app' | 'partner'; name?: string; program?: string }) => {
      await withDb(async (db) => {
        const { id: programId } = await resolveProgram(db, options.program);
        if (options.kind === 'integration') {
          const key = await createApiKey(db, { kind: 'integration', programId, channel: options.channel, ...(options.name ? { name: options.name } : {}) });
          console.log(`Integration key (${options.channel}), shown once — store it now:\n${key.key}`);
          return;
        }
        let query = db.selectFrom('stores').select('id').where('program_id', '=', programId);
        query = options.store ? query.where('id', '=', options.store) : query.orderBy('created_at').orderBy('id');
        const store = await query.executeTakeFirst();
        if (!store) throw new CliError(options.store ? `--store: no store ${options.store} in this program` : 'This program has no store yet');
        const key = await createApiKey(db, { kind: 'terminal', programId, storeId: store.id, ...(options.name ? { name: options.name } : {}) });
        console.log(`Till key for store ${store.id}, shown once — store it now:\n${key.key}`);
      });
    });
}
