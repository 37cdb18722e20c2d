import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../../server/src/service/features/codes';
import { REPO_ROOT } from '../helpers/paths';

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

describe('README', () => {
  it('lists every diagnostic code with its default severity and title, and no other', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| (B\d{3}) \| (\w+) \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const expected = Object.entries(CODES).sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, info]) => `${code} ${SEVERITY[info.severity]} ${info.title}`);
    assert.deepEqual(rows, expected);
  });
});
