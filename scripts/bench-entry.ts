/**
 * In-process measurements for scripts/bench.mjs, bundled with esbuild into .bench/bench-entry.js so that it runs
 * the same code as dist/server.js. One command per process, so every sample starts cold (fresh JIT, empty index):
 *
 *   node .bench/bench-entry.js cold <folder>   scan, parse and index every policy file, resolve every chain
 *
 * Prints one JSON line: { files, bytes, ms (wall), cpuMs (this process's CPU time), chainsMs, heapMB, rssMB }.
 */
import * as fs from 'fs';
import { Workspace } from '../server/src/node/workspace';
import { uriToPath } from '../server/src/node/files';

function coldIndex(folder: string): Record<string, number> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const ws = new Workspace();
  const uris = ws.scan([folder]);
  const scanned = process.hrtime.bigint();
  for (const uri of uris) ws.index.chain(uri);
  const done = process.hrtime.bigint();
  const used = process.cpuUsage(cpu);
  let bytes = 0;
  for (const uri of uris) bytes += fs.statSync(uriToPath(uri)!).size;
  const mem = process.memoryUsage();
  return {
    files: uris.length,
    bytes,
    ms: Number(done - started) / 1e6,
    cpuMs: (used.user + used.system) / 1000,
    chainsMs: Number(done - scanned) / 1e6,
    heapMB: mem.heapUsed / 1048576,
    rssMB: mem.rss / 1048576,
  };
}

const [command, folder] = process.argv.slice(2);
if (command === 'cold' && folder) {
  process.stdout.write(JSON.stringify(coldIndex(folder)) + '\n');
} else {
  process.stderr.write('usage: bench-entry cold <folder>\n');
  process.exitCode = 2;
}
