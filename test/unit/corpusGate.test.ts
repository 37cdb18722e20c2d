/**
 * The gate on real policy sets: the checker runs on every set in ../shared/corpus, and its errors and warnings
 * must be exactly the checked-in list of expected findings (test/fixtures/corpus/expected.json), each with a
 * one-line reason. A new finding fails (a false error on a policy that deploys is the worst bug we can ship);
 * an expected finding that went away fails too, so that the list stays true.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../server/src/node/cli/config';
import { loadProject } from '../../server/src/node/cli/project';
import { runCheck } from '../../server/src/node/cli/check';
import { validationOptions } from '../../server/src/node/settings';
import { REPO_ROOT, SHARED } from '../helpers/paths';

interface Expected { readonly finding: string; readonly reason: string }

const CORPUS = path.join(SHARED, 'corpus');
const EXPECTED: Record<string, Expected[]> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'corpus', 'expected.json'), 'utf8'));

/** `file:line code` for every error and warning of the set, the file relative to the set's folder. */
export function gateFindings(set: string): string[] {
  const root = path.join(CORPUS, set);
  const config = loadConfig(undefined, root, root);
  const project = loadProject([root], config, root);
  const result = runCheck(project, validationOptions(config.settings), root);
  assert.deepEqual(result.internalErrors, [], 'no validator may throw on a real policy set');
  return result.findings
    .filter((f) => f.severity === 'error' || f.severity === 'warning')
    .map((f) => `${f.file}:${f.line} ${f.code}`);
}

describe('corpus gate: errors and warnings on real policy sets are exactly the expected ones', () => {
  for (const set of ['starterpack', 'woodgrove', 'advanced-policies']) {
    it(set, () => {
      const expected = EXPECTED[set] ?? [];
      for (const e of expected) assert.ok(e.reason.trim().length > 10, `every expected finding has a reason: ${e.finding}`);
      const actual = gateFindings(set);
      const want = expected.map((e) => e.finding);
      const unexpected = actual.filter((a) => !want.includes(a));
      const gone = want.filter((w) => !actual.includes(w));
      assert.deepEqual({ unexpected, gone }, { unexpected: [], gone: [] });
    });
  }
});
