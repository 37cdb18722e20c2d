import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatReport, runFuzz } from './fuzz';

/** Set B2C_FUZZ_SEED to replay a failure; B2C_FUZZ_EDITS for a longer run. */
const seed = Number(process.env.B2C_FUZZ_SEED ?? 0xb2c);
const edits = Number(process.env.B2C_FUZZ_EDITS ?? 5000);

describe('protocol fuzzing', () => {
  it(`survives ${edits} random edits over the starter pack with valid, in-range answers (seed ${seed})`, { timeout: 180_000 }, async () => {
    const report = await runFuzz({ edits, seed });
    console.log(formatReport(report));
    assert.deepEqual(report.failures, []);
    assert.equal(report.edits, edits);
    assert.ok(report.maxLatencyMs <= 500);
  });
});
