import { CommanderError } from 'commander';
import { buildCli } from './cli/program.ts';
import { CliError } from './cli/program-option.ts';

/** The operator CLI: `npm run cli -- <command>`; works on DATABASE_URL or the embedded database. */
try {
  await buildCli().parseAsync(process.argv);
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
