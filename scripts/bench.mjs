// Benchmark: cold indexing throughput, request latency over the real LSP protocol, server memory, and the
// per-request cost of an index-free baseline. `npm run bench` builds first; results go to bench-results.json.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { generateLargeFile, generateWorkspace, listXml } from './bench/generate.mjs';
import { runScenario } from './bench/scenario.mjs';
import { burst, dependentsRefresh, firstAnswer } from './bench/responsiveness.mjs';
import { baselineRequest } from './bench/baseline.mjs';
import { median } from './bench/stats.mjs';
import { renderTable } from './bench/report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STARTERPACK = path.resolve(ROOT, '..', 'shared', 'corpus', 'starterpack');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const ENTRY = path.join(ROOT, '.bench', 'bench-entry.js');
const SCENARIO = path.join('scenarios', 'phone-number-passwordless');
const MIB = 1048576;
const EXTRA_SET = { folder: 'LocalAccounts', files: ['TrustFrameworkBase.xml', 'TrustFrameworkLocalization.xml', 'TrustFrameworkExtensions.xml', 'SignUpOrSignin.xml', 'ProfileEdit.xml'] };

const log = (message) => process.stderr.write(`[bench ${((performance.now()) / 1000).toFixed(1)}s] ${message}\n`);

async function buildEntry() {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'scripts', 'bench-entry.ts')], outfile: ENTRY,
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
  });
}

function makeWorkspaces(tmp) {
  const large = path.join(tmp, 'large');
  const generated = path.join(tmp, 'generated');
  generateWorkspace(STARTERPACK, generated, { copies: 35, extraSet: EXTRA_SET, targetMB: 50 });
  generateLargeFile(path.join(STARTERPACK, 'SocialAndLocalAccounts', 'TrustFrameworkBase.xml'), large, 5 * MIB);
  return [
    { key: 'starter', label: 'Starter pack', root: STARTERPACK, scenario: path.join(STARTERPACK, SCENARIO), coldRuns: 9, baselineRuns: 15 },
    { key: 'generated', label: 'Generated', root: generated, scenario: path.join(generated, 'copy00', SCENARIO), coldRuns: 5, baselineRuns: 3 },
    { key: 'large', label: 'One 5 MB file', root: large, coldRuns: 7 },
  ];
}

function runEntry(command, root) {
  const r = spawnSync(process.execPath, [ENTRY, command, root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench entry failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Each sample in a fresh process: cold JIT, empty index (the OS file cache is warm after the first run). Each is
 * paired with a regex tag scan of the same files in the process before it, so the ratio of the two rates holds
 * on a machine whose load changes while it runs.
 */
function coldIndex(ws) {
  const runs = [];
  const ratios = [];
  const regex = [];
  for (let i = 0; i < ws.coldRuns; i++) {
    const base = runEntry('regex', ws.root);
    const r = runEntry('cold', ws.root);
    runs.push(r);
    regex.push(base);
    ratios.push(base.ms / r.ms);
  }
  const ms = median(runs.map((r) => r.ms));
  const cpuMs = median(runs.map((r) => r.cpuMs));
  const warmMs = median(runs.map((r) => r.warmMs));
  const { files, bytes } = runs[0];
  const mb = bytes / MIB;
  const regexMbPerS = mb / (median(regex.map((r) => r.ms)) / 1000);
  return {
    files, mb, ms, cpuMs, warmMs, filesPerS: files / (ms / 1000), mbPerS: mb / (ms / 1000), mbPerCpuS: mb / (cpuMs / 1000), warmMbPerS: mb / (warmMs / 1000),
    regexMbPerS, ratioToRegex: median(ratios), peakRssMB: median(runs.map((r) => r.rssMB)), runs,
  };
}

/** `b2c-policy check` on the whole folder, each run a fresh process; paired with a regex scan like coldIndex. */
function cliCheck(ws, runs) {
  const times = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const base = runEntry('regex', ws.root);
    const t = performance.now();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', ws.root, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = performance.now() - t;
    if (r.status === null || r.status > 1) throw new Error(`check failed: ${r.stderr}`);
    times.push(ms);
    ratios.push(ms / base.ms);
  }
  return { ms: median(times), timesRegex: median(ratios) };
}

function baseline(ws) {
  const files = listXml(ws.root).map((f) => path.join(ws.root, f));
  const times = [];
  for (let i = 0; i < ws.baselineRuns; i++) {
    const t = performance.now();
    baselineRequest(files, 'email');
    times.push(performance.now() - t);
  }
  return { ms: median(times), runs: times };
}

async function main() {
  const started = performance.now();
  const load = [os.loadavg()[0]];
  if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` (or `npm run bench`).');
  await buildEntry();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-bench-'));
  const results = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, workspaces: {} };
  try {
    log('generating workspaces');
    // --only <starter|generated|large> runs one workspace (for profiling); the table needs all three.
    const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
    const workspaces = makeWorkspaces(tmp).filter((ws) => !only || ws.key === only);
    for (const ws of workspaces) {
      log(`${ws.label}: cold index x${ws.coldRuns}`);
      const entry = { label: ws.label, cold: coldIndex(ws) };
      if (ws.scenario) {
        log(`${ws.label}: first answer after start-up x3`);
        entry.firstAnswer = await firstAnswer(SERVER, ws.root, path.join(ws.scenario, 'SignUpOrSignInWithPhone.xml'), 3);
        log(`${ws.label}: unopened dependents after a base edit`);
        entry.dependents = await dependentsRefresh(SERVER, ws.root, ws.scenario, 'Phone_Email_Base.xml', 6);
        log(`${ws.label}: CLI check x3`);
        entry.cli = cliCheck(ws, 3);
        log(`${ws.label}: LSP requests`);
        entry.lsp = await runScenario(SERVER, ws.root, ws.scenario, { n: 300, edits: 100, warmup: 100 });
        log(`${ws.label}: baseline x${ws.baselineRuns}`);
        entry.baseline = baseline(ws);
      }
      if (ws.key === 'large') {
        log(`${ws.label}: answers after 20-keystroke bursts`);
        entry.burst = await burst(SERVER, ws.root, path.join(ws.root, 'TrustFrameworkBase.xml'), 6);
      }
      results.workspaces[ws.key] = entry;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  load.push(os.loadavg()[0]);
  results.loadAverage = load;
  results.totalSeconds = (performance.now() - started) / 1000;
  fs.writeFileSync(path.join(ROOT, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
  if (Object.keys(results.workspaces).length === 3) process.stdout.write(renderTable(results) + '\n');
  else process.stdout.write(JSON.stringify(results.workspaces, (k, v) => (k === 'runs' ? undefined : v), 2) + '\n');
  log(`done in ${results.totalSeconds.toFixed(0)} s; results in bench-results.json`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
