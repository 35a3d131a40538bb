import { Command } from 'commander';
import { migrateCommand } from './migrate-command.ts';
import { seedDemoCommand } from './seed-demo-command.ts';
import { importMembersCommand } from './import-members-command.ts';
import { expireCommand } from './expire-command.ts';
import { verifyCommand } from './verify-command.ts';
import { createKeyCommand } from './create-key-command.ts';
import { createManagerCommand } from './create-manager-command.ts';

/** Every operator command, on one commander program (built per call so tests can read its help). */
export function buildCli(): Command {
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
  return program;
}
