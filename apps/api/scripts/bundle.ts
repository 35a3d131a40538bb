/**
 * Builds the server for `npm start`: src/main.ts and the workspace packages it imports (core, ledger)
 * bundled into dist/main.js, with the npm dependencies left as imports. Running plain JavaScript instead
 * of TypeScript through tsx saves the loader's worker thread and per-module transpiling: about 45 MB of
 * resident memory under load (bench:api). dist/ sits as deep below the repository root as src/ does, so
 * paths built from import.meta.url (.data, the web apps' dist) resolve the same from either. turbo runs
 * this build uncached (turbo.json): the bundle holds core's and ledger's sources, which turbo's hash of
 * this package does not cover, and it takes a fraction of a second.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const apiDir = fileURLToPath(new URL('../', import.meta.url));
export const bundleFile = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export async function bundleApi(): Promise<void> {
  await build({
    absWorkingDir: apiDir,
    entryPoints: ['src/main.ts'],
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // CommonJS dependencies bundled into an ES module still call require()
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [
      {
        name: 'npm-dependencies-stay-external',
        setup(context) {
          // bare imports are npm packages (resolved from node_modules at run time), except our own workspaces
          context.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@omniloyal/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleApi();
