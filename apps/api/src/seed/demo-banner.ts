import { DEMO_MANAGER, DEMO_SHOPPER } from './demo-logins.ts';
import type { DemoKeys } from './demo-keys-file.ts';

/** What `npm start` and `seed-demo` print: how to sign in, and the keys when they are new. */
export function demoBanner(options: { baseUrl?: string; keys?: DemoKeys; keysAreNew: boolean; keysFile: string }): string {
  const base = options.baseUrl ?? 'http://127.0.0.1:3000';
  const lines = [
    '',
    '──────────── Omniloyal demo ────────────',
    `Shopper portal   ${base}/          ${DEMO_SHOPPER.email} / ${DEMO_SHOPPER.password}`,
    `Manager console  ${base}/manage    ${DEMO_MANAGER.email} / ${DEMO_MANAGER.password}`,
    `Cashier screen   ${base}/pos/`,
  ];
  if (options.keys && options.keysAreNew) {
    lines.push(
      `Till key (store ${options.keys.storeId}), shown once:  ${options.keys.terminalKey}`,
      `Integration key (web), shown once:  ${options.keys.integrationKey}`,
      `(saved for local use in ${options.keysFile})`,
    );
  } else {
    lines.push(
      `Keys were shown at first boot${options.keys ? ` and saved in ${options.keysFile}` : ''}; make new ones with`,
      '  npm run cli -- create-key --kind terminal   or   npm run cli -- create-key --kind integration',
    );
  }
  lines.push('────────────────────────────────────────', '');
  return lines.join('\n');
}
