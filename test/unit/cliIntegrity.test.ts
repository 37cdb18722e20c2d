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
    // A link to a JSON file (a token cache, credentials): no value and no key name of it is printed, yet the check runs.
    fs.rmSync(path.join(dir, '.b2cpolicyrc.json'));
    fs.writeFileSync(path.join(dir, 'creds.json'), JSON.stringify({ clientSecretSECRET: 'x', exclude: 'SECRET-glob', maxFileSizeMB: 'SECRET-size', diagnostics: { codes: { B101: 'SECRET-sev' } } }));
    fs.symlinkSync(path.join(dir, 'creds.json'), path.join(dir, '.b2cpolicyrc.json'));
    const json = cli(['check', '.'], dir);
    assert.equal(json.status, 0, json.stderr);
    assert.match(json.stderr, /ignoring unknown settings in \.b2cpolicyrc\.json: 1 key \(not shown: the settings file is a link\)/);
    assert.match(json.stderr, /exclude: must be array \(got a string\)/);
    assert.doesNotMatch(json.stderr + json.stdout, /SECRET/);
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

  it('refuses an appsettings.json or a run-profile file that is a FIFO or a link to /dev/zero in url, build and deploy, at once', () => {
    for (const make of [(p: string) => spawnSync('mkfifo', [p]), (p: string) => fs.symlinkSync('/dev/zero', p)]) {
      const dir = tempSet();
      make(path.join(dir, 'appsettings.json'));
      fs.mkdirSync(path.join(dir, '.vscode'));
      make(path.join(dir, '.vscode', 'b2c-run.json'));
      for (const [args, message] of [
        [['url', '--client-id', '90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6', '--env', 'Test', 'SignUpOrSignin.xml'], /appsettings\.json is not a regular file/],
        [['url', '--profile', 'x', 'SignUpOrSignin.xml'], /b2c-run\.json is not a regular file/],
        [['build'], /appsettings\.json is not a regular file/],
        [['deploy', '--env', 'Test'], /appsettings\.json is not a regular file/],
      ] as const) {
        const r = cli([...args], dir);
        assert.equal(r.signal, null, `${args[0]}: finished by itself`);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
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

describe('cli never fails open', () => {
  it('exits 3, not 0, when a validator throws', () => {
    const dir = tempSet();
    const r = cli(['check', '.'], dir, { B2C_POLICY_TEST_FAULT: 'references' });
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /internal error in the references: Injected test fault/);
    assert.equal(cli(['check', '.'], dir).status, 0, 'the same set passes without the fault');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails a set whose base cannot be read, naming the file, instead of one information note', { skip: !POSIX }, () => {
    const dir = tempSet();
    const base = path.join(dir, 'TrustFrameworkBase.xml');
    if (process.getuid?.() !== 0) fs.chmodSync(base, 0);
    else {
      fs.rmSync(base);
      fs.symlinkSync('/proc/self/mem', base);
    }
    const r = cli(['check', '.'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^TrustFrameworkBase\.xml:1:1 error B111 The file could not be read: E[A-Z]+\.$/m);
    assert.match(r.stdout, /^TrustFrameworkExtensions\.xml:\d+:\d+ error B103 .* TrustFrameworkBase\.xml could not be read and may hold that base/m);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a folder it cannot enter and a symlink loop, and does not pass the set', { skip: !POSIX }, () => {
    const dir = tempSet();
    fs.renameSync(path.join(dir, 'TrustFrameworkBase.xml'), path.join(dir, 'Base.xml'));
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.symlinkSync('loop', path.join(dir, 'loop'));
    fs.renameSync(path.join(dir, 'Base.xml'), path.join(dir, 'locked', 'TrustFrameworkBase.xml'));
    if (process.getuid?.() !== 0) fs.chmodSync(path.join(dir, 'locked'), 0);
    else fs.rmSync(path.join(dir, 'locked'), { recursive: true });
    const r = cli(['check', '.'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^loop:1:1 error B111 This path could not be read: ELOOP\.$/m);
    assert.match(r.stdout, /error B103 /);
    if (process.getuid?.() !== 0) fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops quietly when its reader closes the pipe', { skip: !POSIX }, () => {
    // `true` reads nothing and exits before the report is written: every write meets a closed pipe. `head -1` (the
    // issue's case) reads one line and closes the pipe on the rest.
    for (const reader of ['true', 'head -1']) {
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" check --verbose --format text . | ${reader}`], { cwd: STARTERPACK, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.stderr, '', reader);
      assert.equal(r.status, 0, `${reader}: the exit code of the check, which passes`);
      if (reader === 'head -1') assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
    }
    const sarif = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" check --verbose --format sarif . | head -1`], { cwd: STARTERPACK, encoding: 'utf8', timeout: 30_000 });
    assert.equal(sarif.stderr, '');
    assert.equal(sarif.status, 0);
  });
});
