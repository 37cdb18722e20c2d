import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../../server/src/service/messages/codes';
import { REPO_ROOT } from '../helpers/paths';

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

describe('README', () => {
  it('lists every diagnostic code with its default severity and title, and no other', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| (B\d{3}) \| (\w+) \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const expected = Object.entries(CODES).sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, info]) => `${code} ${SEVERITY[info.severity]} ${info.title}`);
    assert.deepEqual(rows, expected);
  });

  it('lists every snippet by its prefix and name, in the order of the snippets file, and no other', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(b2c-[\w-]+)` \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]}`);
    const snippets: Record<string, { prefix: string }> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'b2c-policy.code-snippets'), 'utf8'));
    assert.deepEqual(rows, Object.entries(snippets).map(([name, s]) => `${s.prefix} ${name}`));
    // Every `b2c-...` name the README mentions anywhere is a real prefix.
    const prefixes = new Set(Object.values(snippets).map((s) => s.prefix));
    const mentioned = [...readme.matchAll(/`(b2c-(?:rest|idp|claim|step|precondition|validation)[\w-]*)`/g)].map((m) => m[1]);
    assert.deepEqual(mentioned.filter((p) => !prefixes.has(p)), []);
  });
});
