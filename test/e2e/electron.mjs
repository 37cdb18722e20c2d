// Runs the same end-to-end suite in desktop VS Code through
// @vscode/test-electron. It downloads VS Code, so it only works on a machine
// with internet access; it is not run in CI (CI uses run.mjs and code-server).
// Usage: node test/e2e/electron.mjs   (E2E_PACKS as in run.mjs)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packs = (process.env.E2E_PACKS || 'SocialAndLocalAccounts').split(',').map((p) => p.trim()).filter(Boolean);

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const extensionTestsPath = await buildSuite();

const scratch = mkdtempSync(join(tmpdir(), 'b2c-e2e-electron-'));
const workspace = join(scratch, 'workspace');
for (const pack of packs) {
  cpSync(join(root, '..', 'shared', 'corpus', 'starterpack', pack), join(workspace, pack), { recursive: true });
}

let code = 1;
try {
  code = await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(scratch, 'user-data')],
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = code;
