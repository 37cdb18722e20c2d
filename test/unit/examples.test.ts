/**
 * The policies shipped under examples/ and the README's quick start that checks them: both must work on a clone
 * with nothing beside it (no ../shared).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';

const EXAMPLES = path.join(REPO_ROOT, 'examples', 'starterpack');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: false }).map(String)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** The first line of the first sh block under "## Quick start". */
function quickStartFirstCommand(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```sh\r?\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the quick start has an sh block');
  return block[1].split('\n')[0].replace(/\s+#.*$/, '');
}

describe('examples', () => {
  it('ship one starter-pack set and its licence, byte for byte', () => {
    const shipped = filesUnder(EXAMPLES);
    assert.deepEqual(shipped, ['LICENSE', ...filesUnder(path.join(STARTERPACK, 'LocalAccounts')).map((f) => path.join('LocalAccounts', f))]);
    for (const f of shipped) {
      assert.ok(fs.readFileSync(path.join(EXAMPLES, f)).equals(fs.readFileSync(path.join(STARTERPACK, f))), `${f} differs from the starter pack`);
    }
    assert.match(fs.readFileSync(path.join(EXAMPLES, 'LICENSE'), 'utf8'), /MIT License[\s\S]*Microsoft Corporation/);
  });

  it("the README's first command checks them, and needs nothing outside the clone", () => {
    const command = quickStartFirstCommand();
    assert.doesNotMatch(command, /\.\.\/|shared/);
    const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts;
    const steps = command.split('&&').map((s) => s.trim());
    assert.deepEqual(steps.slice(0, 2), ['npm ci', 'npm run package']);
    const script = scripts[/^npm run ([\w:-]+)$/.exec(steps[2])?.[1] ?? ''];
    assert.equal(script, 'node dist/cli.js check examples');
    // A fresh folder holding only what a clone has after the build: the bundle and examples/, nothing beside it.
    const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-clone-')), 'b2c-policy-tools');
    fs.mkdirSync(path.join(clone, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'dist', 'cli.js'), path.join(clone, 'dist', 'cli.js'));
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(clone, 'examples'), { recursive: true });
    const [, ...args] = script.split(' ');
    const run = spawnSync(process.execPath, args, { cwd: clone, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^6 policy files checked: 0 errors, 0 warnings, 8 info, 0 hints/m);
  });
});
