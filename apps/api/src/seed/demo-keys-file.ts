import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defaultDataDir } from '@omniloyal/ledger';

/**
 * `.data/demo-keys.json` (git-ignored, beside the embedded database `.data/pglite`): the demo's till and
 * integration keys for local use — the cashier screen at /pos pre-fills from it. Keys are stored only as
 * hashes in the database, so this file is the one place they survive the first boot. It follows the
 * database when OMNILOYAL_DATA_DIR moves it, so a second install never overwrites the first one's keys.
 */
export const demoKeysFile = join(dirname(process.env.OMNILOYAL_DATA_DIR ?? defaultDataDir), 'demo-keys.json');

export interface DemoKeys {
  terminalKey: string;
  integrationKey: string;
  storeId: string;
}

export async function writeDemoKeys(keys: DemoKeys, file = demoKeysFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
}

export async function readDemoKeys(file = demoKeysFile): Promise<DemoKeys | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DemoKeys;
  } catch {
    return undefined;
  }
}
