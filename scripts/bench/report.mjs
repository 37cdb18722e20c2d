// The benchmark's table (Markdown), with each target and whether this run met it.

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const mark = (ok) => (ok === undefined ? '' : ok ? ' ✅' : ' ❌');

function coldRow(ws) {
  const c = ws.cold;
  return `${f0(c.ms)} ms · ${f0(c.filesPerS)} files/s · ${f1(c.mbPerS)} MB/s (${f1(c.mbPerCpuS)} MB per CPU-second, GC threads included)${mark(c.mbPerS >= 30)}`;
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
    ['Cold index: scan, parse, index, chains (median)', ...cols.map(coldRow), '≥ 30 MB/s'],
    ['Second pass in the same process (JIT warm)', ...cols.map((w) => `${f0(w.cold.warmMs)} ms · ${f1(w.cold.warmMbPerS)} MB/s`), ''],
    ["Server's own indexing log line", ...cols.map((w) => (w.lsp ? `${f0(w.lsp.indexed.ms)} ms` : '–')), ''],
    ['definition p50 / p95 / p99', latencyRow(starter, 'definition', 2), latencyRow(generated, 'definition', 4), '–', 'p95 ≤ 2 ms / ≤ 4 ms'],
    ['references p50 / p95 / p99', latencyRow(starter, 'references'), latencyRow(generated, 'references'), '–', ''],
    ['completion at Item Key', latencyRow(starter, 'completion (Item Key)', 2), latencyRow(generated, 'completion (Item Key)', 4), '–', 'p95 ≤ 2 ms / ≤ 4 ms'],
    ['completion in a reference value', latencyRow(starter, 'completion (reference value)', 2), latencyRow(generated, 'completion (reference value)', 4), '–', 'p95 ≤ 2 ms / ≤ 4 ms'],
    ['hover', latencyRow(starter, 'hover', 2), latencyRow(generated, 'hover', 4), '–', 'p95 ≤ 2 ms / ≤ 4 ms'],
    ['diagnostics after a 1-char edit', latencyRow(starter, 'diagnostics after edit', 25), latencyRow(generated, 'diagnostics after edit', 25), '–', 'p95 ≤ 25 ms'],
    ['Server peak RSS after indexing (VmHWM)', ...[starter, generated].map((w) => `${f0(w.lsp.memoryAfterIndex.peakMB)} MB (end of run ${f0(w.lsp.memoryAtEnd.peakMB)} MB)`), '–', '≤ 300 MB (50 MB ws)'],
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
