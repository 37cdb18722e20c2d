// Runs the end-to-end suite in the real VS Code workbench: code-server serves
// it to headless Chromium, the extension is loaded from this repository as a
// development extension and the mocha bundle from out/e2e/suite runs in the
// Node extension host (VS Code's smoke-test driver payload). Then the packaged
// extension is checked as a user gets it (vsix.mjs: npm run package, install
// into a fresh code-server, activation), counted as one more test. Needs what
// test/e2e/setup.sh installs. Prints "N passed, N failed" and exits non-zero
// on any failure.
//
// Environment: E2E_CACHE (setup's cache folder), E2E_PACKS (comma-separated
// starter-pack folders copied into the workspace; default
// SocialAndLocalAccounts), E2E_TIMEOUT (seconds for the whole run; default
// 240), E2E_KEEP=1 (keep the scratch folder), E2E_DEBUG=1 (print code-server's
// output and the workbench log as it comes; otherwise the workbench log is
// printed only when the run fails), E2E_SKIP_VSIX=1 (leave out the .vsix check).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import { buildSuite } from './build.mjs';
import {
  checkTools, freePort, killGroup, launchChromium, prepareWorkspace as copyPacks, root, startCodeServer, waitForHealth,
} from './codeserver.mjs';
import { checkVsix } from './vsix.mjs';

const packs = (process.env.E2E_PACKS || 'SocialAndLocalAccounts').split(',').map((p) => p.trim()).filter(Boolean);
const timeoutMs = Number(process.env.E2E_TIMEOUT || 240) * 1000;

function log(message) {
  console.log(`[e2e] ${message}`);
}

function prepareWorkspace(scratch) {
  return copyPacks(scratch, packs);
}

function build() {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the extension failed');
  return buildSuite();
}

function formatLog(type, args) {
  const text = format(...(Array.isArray(args) ? args : [args]));
  return { type, text };
}

const workbenchLog = [];

async function runInBrowser(port, workspace, testsPath, deadline) {
  // Clipboard access lets the suite check what "B2C: Run policy" copies and feed "B2C: Inspect token".
  const context = await launchChromium(join(dirname(workspace), 'chromium'), { permissions: ['clipboard-read', 'clipboard-write'] });
  let result;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let counts;
    let exit;
    const exited = new Promise((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
    // The suite's own lines carry "E2E:"; the rest is the workbench's log,
    // kept back unless the run fails or E2E_DEBUG is set.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const { text } = formatLog(type, args);
      const result = /E2E-RESULT (\{.*\})/.exec(text);
      if (result) counts = JSON.parse(result[1]);
      else if (text.startsWith('E2E: ')) console.log(text.slice(5));
      else if (process.env.E2E_DEBUG) console.log(`[workbench ${type}] ${text}`);
      else workbenchLog.push(`[workbench ${type}] ${text}`);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    // On a loaded machine the workbench takes longer than playwright's default 30 s to load: the run's deadline decides.
    await page.goto(url, { timeout: Math.max(30_000, deadline - Date.now()) });
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      const shot = join(root, '.e2e', 'timeout.png');
      mkdirSync(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      log(`timed out; screenshot in .e2e/timeout.png`);
      result = { code: 1, counts, timedOut: true };
    } else {
      result = { code, counts };
    }
  } finally {
    await context.close().catch(() => undefined);
  }
  return result;
}

async function main() {
  checkTools();
  const started = Date.now();
  const deadline = started + timeoutMs;
  const scratch = mkdtempSync(join(tmpdir(), 'b2c-e2e-'));
  let child;
  let outcome = { code: 1 };
  try {
    // Inside the try: a failed build still ends with the "N passed, N failed" line.
    const testsPath = await build();
    const workspace = prepareWorkspace(scratch);
    writeFileSync(join(scratch, 'README'), 'Scratch folder of a b2c-policy-tools end-to-end run.\n');
    const port = await freePort();
    // Without the smoke-test driver the built workbench ignores the test payload.
    child = startCodeServer(port, scratch, { extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
    await waitForHealth(port, Math.min(deadline, Date.now() + 60_000), child);
    log(`code-server ready on 127.0.0.1:${port} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    outcome = await runInBrowser(port, workspace, testsPath, deadline);
  } catch (e) {
    log(`error: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    killGroup(child);
    if (!process.env.E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
    else log(`scratch kept in ${scratch}`);
  }
  const counts = outcome.counts ?? { passed: 0, failed: 1 };
  let passed = counts.passed;
  let failed = outcome.code === 0 ? counts.failed : Math.max(counts.failed, 1);
  if (failed > 0 && workbenchLog.length > 0) {
    log('workbench log of the failed run:');
    for (const line of workbenchLog) console.log(line);
  }
  // The packaged extension, installed into a fresh code-server: one more test.
  if (!process.env.E2E_SKIP_VSIX) {
    const vsixStarted = Date.now();
    console.log('  packaged extension');
    try {
      const { bytes } = await checkVsix({ log: (m) => console.log(`    ${m}`) });
      console.log(`    ✔ the .vsix (${(bytes / 1024).toFixed(1)} KiB) installs into a fresh code-server and activates (${Date.now() - vsixStarted} ms)`);
      passed++;
    } catch (e) {
      console.log(`    ✘ the .vsix installs into a fresh code-server and activates`);
      console.log(`      ${e instanceof Error ? e.message : String(e)}`);
      failed++;
    }
  }
  log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && outcome.code === 0 ? 0 : 1;
}

await main();
