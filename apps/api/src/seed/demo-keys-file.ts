import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `.data/demo-keys.json` (git-ignored, beside the embedded database): the demo's till and integration
 * keys for local use — the cashier screen at /pos pre-fills from it. Keys are stored only as hashes in
 * the database, so this file is the one place they survive the first boot.
 */
export const demoKeysFile = fileURLToPath(new URL('../../../../.data/demo-keys.json', import.meta.url));

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
