// Order statistics for latency samples (nearest-rank percentiles, so p99 of 200 samples is a real sample).

export function percentile(samples, p) {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (samples) => percentile(samples, 50);

export function summarise(samples) {
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: Math.max(...samples) };
}

/** Runs `fn` `warmup` times untimed, then `n` times timed (ms, high resolution); returns the samples and the last result. */
export async function sample(fn, n, warmup = 0) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times = [];
  let last;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = await fn(warmup + i);
    times.push(performance.now() - t);
  }
  return { times, last };
}
