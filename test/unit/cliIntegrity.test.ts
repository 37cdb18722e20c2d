/**
 * The checker never hangs on special files and never passes when it could not check (issue 16): settings files
 * that are FIFOs or links to /dev/zero or to another file, special files named on the command line, unreadable
 * files and folders, validators that throw, and a closed stdout. Each run is a child process with a timeout.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface Run { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 15_000, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function tempSet(set = 'LocalAccounts'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-cli16-')));
  for (const f of fs.readdirSync(path.join(STARTERPACK, set))) fs.copyFileSync(path.join(STARTERPACK, set, f), path.join(dir, f));
  return dir;
}

const POSIX = process.platform !== 'win32';

describe('cli on special files', { skip: !POSIX }, () => {
  it('refuses a .b2cpolicyrc.json that is a FIFO or a link to /dev/zero, at once', () => {
    for (const make of [(p: string) => spawnSync('mkfifo', [p]), (p: string) => fs.symlinkSync('/dev/zero', p)]) {
      const dir = tempSet();
      make(path.join(dir, '.b2cpolicyrc.json'));
      const r = cli(['check', '.'], dir);
      assert.equal(r.signal, null, 'finished by itself');
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /settings file \.b2cpolicyrc\.json is not a regular file/);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quotes nothing from a settings file that links to another file', () => {
    const dir = tempSet();
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'SECRETVALUE-do-not-print\nmore');
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, '.b2cpolicyrc.json'));
    const r = cli(['check', '.'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not valid JSON/);
    assert.doesNotMatch(r.stderr, /SECRET|do-not|more/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a FIFO or a device named on the command line instead of checking 0 files', () => {
    const dir = tempSet();
    spawnSync('mkfifo', [path.join(dir, 'Pipe.xml')]);
    const r = cli(['check', 'Pipe.xml'], dir);
    assert.equal(r.signal, null);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Pipe\.xml is not a regular file or a folder/);
    if (fs.existsSync('/dev/zero')) assert.equal(cli(['check', '/dev/zero'], dir).status, 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks a folder holding a FIFO and a link to /dev/zero named *.xml, without reading them', () => {
    const dir = tempSet();
    spawnSync('mkfifo', [path.join(dir, 'Pipe.xml')]);
    if (fs.existsSync('/dev/zero')) fs.symlinkSync('/dev/zero', path.join(dir, 'Zero.xml'));
    const r = cli(['check', '.'], dir);
    assert.equal(r.signal, null);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^6 policy files checked: 0 errors, 0 warnings/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
