import type { Db } from '@omniloyal/ledger';
import { seedDemo } from './seed-demo.ts';
import { demoKeysFile, readDemoKeys, writeDemoKeys } from './demo-keys-file.ts';
import { demoBanner } from './demo-banner.ts';
import { DEMO_MANAGER } from './demo-logins.ts';

/**
 * On the first boot of an empty database, seeds the demo; on every boot of a demo database, prints
 * how to sign in. A database with other programs and no demo manager is left alone and prints nothing.
 */
export async function demoOnFirstBoot(
  db: Db,
  options: { baseUrl: string; log: (line: string) => void; members?: number; keysFile?: string },
): Promise<'seeded' | 'demo' | 'other'> {
  const anyProgram = await db.selectFrom('programs').select('id').limit(1).executeTakeFirst();
  if (!anyProgram) {
    options.log('Empty database: seeding the demo program (1,000 members, a year of history) — about a minute, once. If it is interrupted, delete the data folder and start again.');
    const seed = await seedDemo(db, { log: options.log, ...(options.members ? { members: options.members } : {}) });
    const keys = { terminalKey: seed.terminalKey, integrationKey: seed.integrationKey, storeId: seed.storeId };
    const keysFile = options.keysFile ?? demoKeysFile;
    await writeDemoKeys(keys, keysFile);
    options.log(demoBanner({ baseUrl: options.baseUrl, keys, keysAreNew: true, keysFile }));
    return 'seeded';
  }
  const demo = await db.selectFrom('managers').select('id').where('email', '=', DEMO_MANAGER.email).executeTakeFirst();
  if (!demo) return 'other';
  const keysFile = options.keysFile ?? demoKeysFile;
  options.log(demoBanner({ baseUrl: options.baseUrl, keys: await readDemoKeys(keysFile), keysAreNew: false, keysFile }));
  return 'demo';
}
