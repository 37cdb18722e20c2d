// Protocol fuzzer, standalone: `npm run build && npx tsc -p tsconfig.test.json && node scripts/fuzz.mjs [--long] [--edits N] [--seed N]`.
// --long runs 50,000 edits; the default is the CI size (5,000). --max-latency (default 500 ms) for loaded machines.
// Exits 1 on any failure, printing the seed, the last edits and where the open documents' texts were saved.
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const { runFuzz, formatReport } = require('../out/test/protocol/fuzz.js');

const args = process.argv.slice(2);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seedArg = value('--seed');
const seed = seedArg === undefined ? 0xb2c : seedArg === 'random' ? Math.floor(Math.random() * 2 ** 32) : Number(seedArg);
const edits = Number(value('--edits') ?? (args.includes('--long') ? 50_000 : 5_000));
const maxLatencyMs = Number(value('--max-latency') ?? 500);
if (!Number.isFinite(seed) || !Number.isFinite(edits) || !Number.isFinite(maxLatencyMs)) {
  console.error('usage: node scripts/fuzz.mjs [--long] [--edits N] [--seed N|random] [--max-latency MS]');
  process.exit(2);
}
console.log(`fuzzing with seed ${seed}, ${edits} edits`);
const report = await runFuzz({ edits, seed, maxLatencyMs, log: (line) => console.log(line) });
console.log(formatReport(report));
process.exit(report.failures.length ? 1 : 0);
