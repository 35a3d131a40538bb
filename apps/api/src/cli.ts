import { Command, CommanderError } from 'commander';
import { migrateCommand } from './cli/migrate-command.ts';
import { seedDemoCommand } from './cli/seed-demo-command.ts';
import { importMembersCommand } from './cli/import-members-command.ts';
import { expireCommand } from './cli/expire-command.ts';
import { verifyCommand } from './cli/verify-command.ts';
import { createKeyCommand } from './cli/create-key-command.ts';
import { createManagerCommand } from './cli/create-manager-command.ts';
import { CliError } from './cli/program-option.ts';

/** The operator CLI: `npm run cli -- <command>`; works on DATABASE_URL or the embedded database. */
const program = new Command('omniloyal')
  .description('Omniloyal operator commands. The database is DATABASE_URL when set, else the embedded one under .data/pglite.')
  .showHelpAfterError()
  .exitOverride();
migrateCommand(program);
seedDemoCommand(program);
importMembersCommand(program);
expireCommand(program);
verifyCommand(program);
createKeyCommand(program);
createManagerCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof CliError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
