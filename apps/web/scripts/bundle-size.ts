/**
 * Prints the gzipped JavaScript a shopper downloads on first load (the entry chunk and everything it
 * imports statically; lazy chunks such as the manager console are not counted) and fails the build
 * above the budget. Reads Vite's manifest so the figure follows the real chunk graph.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_BYTES = 300 * 1024;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8')) as Record<string, Chunk>;
const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
if (!entry) throw new Error('no entry chunk in the Vite manifest');

const seen = new Set<string>();
const visit = (key: string) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) visit(next);
};
visit(entry[0]);

const gz = (file: string) => gzipSync(readFileSync(`${dist}${file}`), { level: 9 }).length;
const js = [...seen].map((key) => manifest[key]!.file).filter((f) => f.endsWith('.js'));
const jsBytes = js.reduce((sum, f) => sum + gz(f), 0);
const cssBytes = [...new Set([...seen].flatMap((key) => manifest[key]!.css ?? []))].reduce((sum, f) => sum + gz(f), 0);
const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !js.includes(c.file));
const lazyBytes = lazy.reduce((sum, c) => sum + gz(c.file), 0);

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`shopper portal first load: ${kb(jsBytes)} gzipped JavaScript in ${js.length} file(s) (budget ${kb(BUDGET_BYTES)}); CSS ${kb(cssBytes)} gzipped`);
console.log(`loaded later (manager console, charts): ${kb(lazyBytes)} gzipped in ${lazy.length} chunk(s)`);
if (jsBytes > BUDGET_BYTES) {
  console.error(`over budget by ${kb(jsBytes - BUDGET_BYTES)}`);
  process.exit(1);
}
