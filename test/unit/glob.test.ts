/**
 * Exclude globs (issue 16 item 6): VS Code's glob semantics through picomatch, and bounded work on hostile globs.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { globMatcher } from '../../server/src/node/glob';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';

describe('exclude globs', () => {
  it('matches as VS Code does: **, *, ?, braces, classes, dot files, folders', () => {
    const cases: Array<[string, string, boolean]> = [
      ['archive/**', 'archive/a/B.xml', true], ['archive/**', 'archive', true], ['archive/**', 'x/archive/B.xml', false],
      ['**/archive/**', 'x/archive/B.xml', true], ['**/*.bak.xml', 'a/b/C.bak.xml', true], ['**/*.bak.xml', 'C.bak.xml', true],
      ['*.xml', 'a/B.xml', false], ['*.xml', 'B.xml', true], ['B?.xml', 'B1.xml', true], ['B?.xml', 'B12.xml', false],
      ['{old,legacy}/**', 'legacy/B.xml', true], ['{old,legacy}/**', 'new/B.xml', false], ['**/*.{bak,orig}.xml', 'x/B.orig.xml', true],
      ['[ab]*.xml', 'b1.xml', true], ['[!ab]*.xml', 'b1.xml', false], ['[!ab]*.xml', 'c1.xml', true],
      ['**/.hidden/**', 'x/.hidden/B.xml', true], ['*', '.env.xml', true], ['archive/', 'archive', true],
      ['Archive/**', 'archive/B.xml', false],
    ];
    for (const [glob, rel, expected] of cases) assert.equal(globMatcher([glob])!(rel), expected, `${glob} on ${rel}`);
    assert.equal(globMatcher(['Archive/**'], { nocase: true })!('archive/B.xml'), true, 'letter case ignored on Windows');
    const keep = globMatcher(['archive/**', '!archive/keep.xml'])!;
    assert.equal(keep('archive/old.xml'), true);
    assert.equal(keep('archive/keep.xml'), false, 'a ! glob keeps what another excludes');
    assert.equal(globMatcher([]), undefined);
  });

  it('answers at once on globs that make backtracking matchers run for minutes', () => {
    const hostile = ['*a*a*a*a*a*a*a*a*b', '**/a/**/a/**/a/**/a/**/b', '*a*/*a*/*a*/*a*/b', '{*a*a*a*a*a*b,*b*b*b*b*b*c}'];
    const paths = ['a'.repeat(64), 'a'.repeat(255), Array(300).fill('a').join('/'), Array(4).fill('a'.repeat(255)).join('/')];
    const m = globMatcher(hostile)!;
    const t0 = Date.now();
    for (const p of paths) assert.equal(m(p), false);
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
    // Bounded, not disabled: the same globs still match short names.
    assert.equal(globMatcher(['*a*a*b'])!('xaxayb'), true);
  });

  it('lets the checker finish on a hostile .b2cpolicyrc.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-glob-'));
    for (const f of fs.readdirSync(path.join(STARTERPACK, 'LocalAccounts'))) fs.copyFileSync(path.join(STARTERPACK, 'LocalAccounts', f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'a'.repeat(60) + '.xml'), '<a/>');
    fs.writeFileSync(path.join(dir, '.b2cpolicyrc.json'), JSON.stringify({ exclude: ['*a*a*a*a*a*a*a*a*b'] }));
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '.'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.signal, null, 'finished by itself');
    assert.equal(r.status, 0, r.stderr);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
