import { Option, type Command } from 'commander';
import { z } from 'zod';
import { createManager } from '../services/managers.ts';
import { withDb } from './open-db.ts';
import { CliError, programOptionHelp, resolveProgram } from './program-option.ts';

export function createManagerCommand(program: Command): void {
  program
    .command('create-manager')
    .description('create a manager console login (/manage)')
    .requiredOption('--email <email>', 'the login e-mail')
    .option('--password <password>', 'at least 10 characters (default: read from OMNILOYAL_PASSWORD)')
    .addOption(new Option('--role <role>', 'what they may do').choices(['owner', 'manager', 'analyst', 'support']).default('manager'))
    .option('--name <name>', 'display name')
    .option('--program <id>', programOptionHelp)
    .action(async (options: { email: string; password?: string; role: 'owner' | 'manager' | 'analyst' | 'support'; name?: string; program?: string }) => {
      if (!z.email().safeParse(options.email.trim()).success) throw new CliError(`--email: "${options.email}" is not an e-mail address`);
      const password = options.password ?? process.env.OMNILOYAL_PASSWORD;
      if (!password || password.length < 10) throw new CliError('--password: give a password of at least 10 characters (or set OMNILOYAL_PASSWORD)');
      await withDb(async (db) => {
        const { id: programId, name } = await resolveProgram(db, options.program);
        const taken = await db.selectFrom('managers').select('id').where('email', '=', options.email.trim().toLowerCase()).executeTakeFirst();
        if (taken) throw new CliError(`--email: a manager ${options.email} already exists`);
        const manager = await createManager(db, { programId, email: options.email, password, role: options.role, ...(options.name ? { name: options.name } : {}) });
        console.log(`Manager ${manager.email} (${manager.role}) can now sign in to ${name} at /manage.`);
      });
    });
}
