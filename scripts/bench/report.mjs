// The benchmark's table (Markdown), with each target and whether this run met it.

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const mark = (ok) => (ok === undefined ? '' : ok ? ' ✅' : ' ❌');

/**
 * Rates are judged by their ratio to a regex tag scan of the same bytes in the same run: the issue's targets
 * (65 MB/s at 50 MB, 30 MB/s on the starter pack) were set where that scan ran at 380 MB/s.
 */
const REGEX_REFERENCE_MB_S = 380;

function coldRow(ws, targetMbPerS) {
  const c = ws.cold;
  const needed = targetMbPerS / REGEX_REFERENCE_MB_S;
  const ok = targetMbPerS ? c.ratioToRegex >= needed : undefined;
  return `${f0(c.ms)} ms · ${f0(c.filesPerS)} files/s · ${f1(c.mbPerS)} MB/s (${f1(c.mbPerCpuS)} MB per CPU-second); regex scan ${f0(c.regexMbPerS)} MB/s, ratio ${f2(c.ratioToRegex)}${targetMbPerS ? ` (needs ${f2(needed)})` : ''}${mark(ok)}`;
}

function latencyRow(ws, kind, limit) {
  const r = ws.lsp?.requests[kind];
  if (!r) return '–';
  const items = kind.startsWith('diagnostics') ? `${r.items} diag.` : `${r.items} ${r.items === 1 ? 'result' : 'results'}`;
  return `${f2(r.p50)} / ${f2(r.p95)} / ${f2(r.p99)} ms (${items}; server CPU ${f2(r.cpuPerRequest)} ms each)${mark(limit === undefined ? undefined : r.p95 <= limit)}`;
}

export function renderTable(results) {
  const { starter, generated, large } = results.workspaces;
  const cols = [starter, generated, large];
  const head = cols.map((w) => `${w.label} (${f0(w.cold.files)} ${w.cold.files === 1 ? 'file' : 'files'}, ${f1(w.cold.mb)} MB)`);
  const rows = [
    ['Cold index: scan, parse, index, chains (median)', coldRow(starter, 30), coldRow(generated, 65), coldRow(large), '≥ 30 MB/s starter, ≥ 65 MB/s at 50 MB, as a ratio to the regex scan'],
    ['First correct definition after initialize (fresh server, median of 3)', ...[starter, generated].map((w) => (w.firstAnswer ? `${f0(w.firstAnswer.ms)} ms${w.firstAnswer.misses ? ` (${w.firstAnswer.misses} empty answers)` : ''}${mark(w.firstAnswer.ms <= 300)}` : '–')), '–', '≤ 300 ms'],
    ['Unopened dependents after a base edit: first / all leaves (median)', ...[starter, generated].map((w) => (w.dependents ? `${f0(w.dependents.firstMs)} / ${f0(w.dependents.allMs)} ms (${w.dependents.leaves} leaves)` : '–')), '–', 'background'],
    ['Hover / completion after a 20-keystroke burst (p50, max)', '–', '–', large.burst ? `${f0(large.burst.hover.p50)} (${f0(large.burst.hover.max)}) / ${f0(large.burst.completion.p50)} (${f0(large.burst.completion.max)}) ms${mark(large.burst.hover.max <= 50 && large.burst.completion.max <= 50)}` : '–', '≤ 50 ms'],
    ['CLI check of the whole folder (fresh process)', ...[starter, generated].map((w) => (w.cli ? `${f0(w.cli.ms)} ms (${f1(w.cli.timesRegex)} × the regex scan)` : '–')), '–', '≤ 2 s at 50 MB'],
    ['Second pass in the same process (JIT warm)', ...cols.map((w) => `${f0(w.cold.warmMs)} ms · ${f1(w.cold.warmMbPerS)} MB/s`), ''],
    ["Server's own indexing log line", ...cols.map((w) => (w.lsp ? `${f0(w.lsp.indexed.ms)} ms` : '–')), ''],
    ['definition p50 / p95 / p99', latencyRow(starter, 'definition', 2), latencyRow(generated, 'definition', 4), '–', 'p95 ≤ 2 ms / ≤ 4 ms'],
    ['references p50 / p95 / p99', latencyRow(starter, 'references'), latencyRow(generated, 'references'), '–', ''],
    ['completion at Item Key', latencyRow(starter, 'completion (Item Key)', 2), latencyRow(generated, 'completion (Item Key)', 4), '–', 'p95 ≤ 2 ms / ≤ 4 ms'],
    ['completion in a reference value', latencyRow(starter, 'completion (reference value)', 2), latencyRow(generated, 'completion (reference value)', 4), '–', 'p95 ≤ 2 ms / ≤ 4 ms'],
    ['hover', latencyRow(starter, 'hover', 2), latencyRow(generated, 'hover', 4), '–', 'p95 ≤ 2 ms / ≤ 4 ms'],
    ['diagnostics after a 1-char edit', latencyRow(starter, 'diagnostics after edit', 25), latencyRow(generated, 'diagnostics after edit', 25), '–', 'p95 ≤ 25 ms'],
    ['Server peak RSS after indexing (VmHWM)', ...[starter, generated].map((w) => `${f0(w.lsp.memoryAfterIndex.peakMB)} MB (end of run ${f0(w.lsp.memoryAtEnd.peakMB)} MB)${w === generated ? mark(w.lsp.memoryAtEnd.peakMB <= 150) : ''}`), '–', '≤ 150 MB (50 MB ws)'],
    ['Baseline per request: read + xmldom-parse every file', ...[starter, generated].map((w) => `${f1(w.baseline.ms)} ms`), '–', ''],
    ['Baseline ÷ our definition p50', ...[starter, generated].map((w) => {
      const ratio = w.baseline.ms / w.lsp.requests.definition.p50;
      return `${f0(ratio)}×${mark(ratio >= 30)}`;
    }), '–', '≥ 30×'],
  ];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [
    line(['Measure', ...head, 'Target']),
    line(['---', ...head.map(() => '---'), '---']),
    ...rows.map(line),
    '',
    ...[starter, generated].map((w) => {
      const kinds = Object.values(w.lsp.requests);
      const wait = kinds.reduce((n, r) => n + r.runQueueWait, 0);
      const count = kinds.reduce((n, r) => n + r.n, 0);
      return `${w.label}: while serving its ${count} timed requests the server waited ${f0(wait)} ms in all for a CPU (other processes' load).`;
    }),
    ...(Math.max(...results.loadAverage) > results.cpus
      ? [`Warning: the load average exceeded the ${results.cpus} cores: other processes competed for the CPU, so wall-clock figures (latency tails, MB/s) are inflated; the server CPU figures are not.`]
      : []),
    `Node ${results.node}, ${results.cpus} × ${results.cpuModel}; load average ${results.loadAverage.map(f2).join(' → ')}; MB = 2^20 bytes; ` +
      `bench took ${f0(results.totalSeconds)} s.`,
  ].join('\n');
}
