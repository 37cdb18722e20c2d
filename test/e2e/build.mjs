// Bundles the end-to-end suite into out/e2e/suite/: index.js (the
// extensionTestsPath) and one *.test.js per test file. vscode is provided by
// the extension host; mocha is loaded from the repository's node_modules.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const suite = join(here, 'suite');
const entryPoints = readdirSync(suite)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => relative(root, join(suite, f)));

export const outDir = join(root, 'out', 'e2e', 'suite');

export async function buildSuite() {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir: relative(root, outDir),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(outDir, 'index.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildSuite());
}
