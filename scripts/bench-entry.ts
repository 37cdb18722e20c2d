/**
 * In-process measurements for scripts/bench.mjs, bundled with esbuild into .bench/bench-entry.js so that it runs
 * the same code as dist/server.js. One command per process, so every sample starts cold (fresh JIT, empty index):
 *
 *   node .bench/bench-entry.js cold <folder>   scan, parse and index every policy file, resolve every chain
 *   node .bench/bench-entry.js regex <folder>  the floor: read, decode and count the tags of the same files with a regex
 *
 * Prints one JSON line: { files, bytes, ms (wall), cpuMs (this process's CPU time), chainsMs, heapMB, rssMB,
 * warmMs }, where warmMs times a second, identical pass in the same process (JIT warm, file cache warm).
 */
import * as fs from 'fs';
import { Workspace } from '../server/src/node/workspace';
import { findXmlFiles, looksLikePolicy, readPolicyText, uriToPath } from '../server/src/node/files';

function indexOnce(folder: string): { ws: Workspace; uris: string[]; scannedAt: bigint } {
  const ws = new Workspace();
  const uris = ws.scan([folder]);
  const scannedAt = process.hrtime.bigint();
  for (const uri of uris) ws.index.chain(uri);
  return { ws, uris, scannedAt };
}

function coldIndex(folder: string): Record<string, number> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const { uris, scannedAt } = indexOnce(folder);
  const done = process.hrtime.bigint();
  const used = process.cpuUsage(cpu);
  const mem = process.memoryUsage();
  let bytes = 0;
  for (const uri of uris) bytes += fs.statSync(uriToPath(uri)!).size;
  return {
    files: uris.length,
    bytes,
    ms: Number(done - started) / 1e6,
    cpuMs: (used.user + used.system) / 1000,
    chainsMs: Number(done - scannedAt) / 1e6,
    heapMB: mem.heapUsed / 1048576,
    rssMB: mem.rss / 1048576,
  };
}

/** The same pass again once the first index is garbage: the code is warm now. */
function warmIndex(folder: string): number {
  const started = process.hrtime.bigint();
  indexOnce(folder);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * The in-run baseline: the same walk and bytes, read and decoded, then a regular-expression scan for tags. No
 * index can be faster than reading its input, so MB/s divided by this rate stays comparable on a loaded machine.
 */
function regexScan(folder: string): Record<string, number> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const files = findXmlFiles([folder]);
  let bytes = 0;
  let tags = 0;
  const tag = /<[A-Za-z_][^>]*>/g;
  for (const f of files) {
    const { text } = readPolicyText(f);
    bytes += fs.statSync(f).size;
    if (!looksLikePolicy(text)) continue;
    tag.lastIndex = 0;
    while (tag.exec(text)) tags++;
  }
  const used = process.cpuUsage(cpu);
  return { files: files.length, bytes, tags, ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000 };
}

const [command, folder] = process.argv.slice(2);
if (command === 'regex' && folder) {
  process.stdout.write(JSON.stringify(regexScan(folder)) + '\n');
} else if (command === 'cold' && folder) {
  const cold = coldIndex(folder);
  process.stdout.write(JSON.stringify({ ...cold, warmMs: warmIndex(folder) }) + '\n');
} else {
  process.stderr.write('usage: bench-entry cold|regex <folder>\n');
  process.exitCode = 2;
}
