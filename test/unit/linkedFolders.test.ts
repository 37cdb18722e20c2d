/**
 * Linked folders in the walk and the checker (issue 16 item 3), on real links made in a temporary folder: a link to /
 * is never entered; a link whose target is inside the walk's root, or inside a base folder, is entered and its files
 * are listed once under their canonical path; `followSymlinks: "never"` enters no link at all.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findXmlFiles } from '../../server/src/node/files';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';

const POSIX = process.platform !== 'win32';

describe('linked folders in the walk', { skip: !POSIX }, () => {
  let top: string;
  const p = (...f: string[]) => path.join(top, ...f);
  const rel = (files: string[]) => files.map((f) => path.relative(top, f)).sort();

  before(() => {
    top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-walk-')));
    fs.mkdirSync(p('ws', 'set'), { recursive: true });
    fs.mkdirSync(p('bases', 'b'), { recursive: true });
    fs.mkdirSync(p('elsewhere'));
    fs.writeFileSync(p('ws', 'set', 'A.xml'), '<a/>');
    fs.writeFileSync(p('bases', 'b', 'Base.xml'), '<a/>');
    fs.writeFileSync(p('elsewhere', 'Other.xml'), '<a/>');
    fs.symlinkSync('/', p('ws', 'root'));
    fs.symlinkSync(p('ws', 'set'), p('ws', 'same'));
    fs.symlinkSync(p('bases', 'b'), p('ws', 'base'));
    fs.symlinkSync(p('elsewhere'), p('ws', 'out'));
  });
  after(() => fs.rmSync(top, { recursive: true, force: true }));

  it('never enters a link to / or out of the root; enters one inside it once', () => {
    const t0 = Date.now();
    assert.deepEqual(rel(findXmlFiles([p('ws')])), [path.join('ws', 'set', 'A.xml')]);
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms: the link to / was not walked`);
    // Walked from the link: the files are still listed under the real folder's path inside the root.
    assert.deepEqual(rel(findXmlFiles([p('ws')], { symlinks: 'inside' })), [path.join('ws', 'set', 'A.xml')]);
  });

  it('enters a link whose target is inside a base folder, listing its files under the base folder', () => {
    assert.deepEqual(rel(findXmlFiles([p('ws')], { allowedRoots: [p('bases')] })), [path.join('bases', 'b', 'Base.xml'), path.join('ws', 'set', 'A.xml')]);
    // A base folder allows links into itself only: not the link to /, not the one to elsewhere.
    assert.deepEqual(rel(findXmlFiles([p('ws')], { allowedRoots: [p('bases', 'b')] })), [path.join('bases', 'b', 'Base.xml'), path.join('ws', 'set', 'A.xml')]);
  });

  it('enters no link with "never"', () => {
    assert.deepEqual(rel(findXmlFiles([p('ws')], { symlinks: 'never', allowedRoots: [p('bases')] })), [path.join('ws', 'set', 'A.xml')]);
  });
});

describe('linked folders in the checker', { skip: !POSIX }, () => {
  const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });

  it('checks a set beside a link to / in seconds, and reaches a base through a link into a base folder', () => {
    const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-walkcli-')));
    try {
      const ws = path.join(top, 'ws');
      const starter = path.join(top, 'bases', 'starter');
      fs.mkdirSync(ws);
      fs.mkdirSync(starter, { recursive: true });
      const set = path.join(STARTERPACK, 'LocalAccounts');
      for (const f of fs.readdirSync(set)) fs.copyFileSync(path.join(set, f), path.join(/^TrustFrameworkBase|Localization/.test(f) ? starter : ws, f));
      fs.symlinkSync('/', path.join(ws, 'root'));
      fs.symlinkSync(starter, path.join(ws, 'base'));
      const t0 = Date.now();
      const without = cli(['check', '.'], ws);
      assert.equal(without.signal, null, 'finished by itself');
      assert.ok(Date.now() - t0 < 15_000);
      // The link to the base leaves the workspace: not followed, so the chain is incomplete (an information note).
      assert.match(without.stdout, /^4 policy files checked/, without.stdout);
      assert.match(without.stdout, /B103/);
      const withBase = cli(['check', '--base', '../bases', '.'], ws);
      assert.equal(withBase.status, 0, withBase.stdout + withBase.stderr);
      assert.match(withBase.stdout, /^4 policy files checked: 0 errors, 0 warnings/);
      assert.doesNotMatch(withBase.stdout, /B103/);
    } finally {
      fs.rmSync(top, { recursive: true, force: true });
    }
  });
});
