/**
 * Never corrupt, never hang, never fail open (issue 16), over the protocol, on copies of real policies in a
 * temporary folder: edits computed from a stale index, special files (FIFOs, /dev/zero), symlinks out of the
 * workspace, and failures that must not look like a clean file. Each case stops by itself (request timeouts).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { Workspace } from '../../server/src/node/workspace';
import * as service from '../../server/src/service/languageService';
import { LspClient, start } from '../helpers/lspClient';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';

const uriOf = (p: string) => URI.file(p).toString();
const read = (p: string) => fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, '');

/** A client that registers no file watchers, as Neovim 0.7 does: the server hears nothing about disk changes. */
const NO_WATCHERS = {
  workspace: { configuration: true, workspaceFolders: true },
  textDocument: { publishDiagnostics: { versionSupport: true } },
};

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'xml', 0, text), [...edits]);
}

function positionOf(text: string, needle: string, shift = 0) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  return TextDocument.create('x', 'xml', 0, text).positionAt(offset + shift);
}

export function tempCopy(prefix: string, set = 'LocalAccounts'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const f of fs.readdirSync(path.join(STARTERPACK, set))) fs.copyFileSync(path.join(STARTERPACK, set, f), path.join(dir, f));
  return dir;
}

describe('edits for closed files that changed on disk without a watcher event', () => {
  let dir: string;
  let client: LspClient;
  const p = (f: string) => path.join(dir, f);

  before(async () => {
    dir = tempCopy('b2c-stale-');
    client = start({ rootPath: dir });
    await client.initialize({ capabilities: NO_WATCHERS });
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renames at the offsets of the text on disk now, not of the text indexed', async () => {
    const rp = p('SignUpOrSignin.xml');
    const rpText = read(rp);
    const uri = client.open(rp, rpText);
    await client.diagnostics(uri);
    // Shift every offset of the closed base: a comment before the first ClaimType, and a longer DisplayName.
    const base = p('TrustFrameworkBase.xml');
    const changed = read(base)
      .replace('<ClaimsSchema>', '<ClaimsSchema>\n      <!-- a comment added outside the editor, to move every offset after it -->')
      .replace('<DisplayName>Email Address</DisplayName>', '<DisplayName>The e-mail address of the user</DisplayName>');
    fs.writeFileSync(base, changed);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri }, position: positionOf(rpText, 'ClaimTypeReferenceId="email"', 22), newName: 'emailRenamed',
    });
    // What a fresh scan of the folder as it is now would write.
    const fresh = new Workspace();
    fresh.scan([dir]);
    fresh.update(uri, 1, rpText);
    const expected = service.doRename(fresh.index.get(uri)!, positionOf(rpText, 'ClaimTypeReferenceId="email"', 22), 'emailRenamed', fresh.index) as WorkspaceEdit;
    const baseEdits = edit.changes?.[uriOf(base)] ?? [];
    assert.ok(baseEdits.length >= 5, 'the base defines and references email');
    const result = applyEdits(changed, baseEdits);
    assert.equal(result, applyEdits(changed, expected.changes![uriOf(base)]));
    assert.ok(!/emailRenamed[a-zA-Z]/.test(result.replace(/emailRenamed"/g, '')), 'no edit lands inside another word');
    assert.ok(result.includes('<ClaimType Id="emailRenamed">'));
    assert.deepEqual(client.failures(), []);
  });

  it('offers a quick fix that inserts into a closed file at its current offsets', async () => {
    const rp = p('ProfileEdit.xml');
    const rpText = read(rp).replace('<OutputClaims>', '<OutputClaims>\n        <OutputClaim ClaimTypeReferenceId="brandNewClaim" />');
    const uri = client.open(rp, rpText);
    const diagnostics = await client.diagnostics(uri);
    const b101 = diagnostics.find((d) => d.code === 'B101' && /brandNewClaim/.test(String(d.message)));
    assert.ok(b101, 'B101 for the new claim');
    const ext = p('TrustFrameworkExtensions.xml');
    const changed = read(ext).replace('<BasePolicy>', '<!-- moved -->\n  <BasePolicy>').replace('<BuildingBlocks>', '<BuildingBlocks>\n    <!-- moved -->\n    <ClaimsSchema>\n      <ClaimType Id="other"><DataType>string</DataType></ClaimType>\n    </ClaimsSchema>');
    fs.writeFileSync(ext, changed);
    const actions = await client.request<Array<{ title: string; edit?: WorkspaceEdit }>>('textDocument/codeAction', {
      textDocument: { uri }, range: b101.range, context: { diagnostics: [b101] },
    });
    const create = actions.find((a) => /Create the claim type/.test(a.title));
    assert.ok(create?.edit?.changes, 'the create-claim fix is offered');
    const [target, edits] = Object.entries(create.edit.changes)[0];
    const before = target === uriOf(ext) ? changed : read(URI.parse(target).fsPath);
    const result = applyEdits(before, edits);
    // The new claim sits between whole elements: the text around it is intact and still parses to the same Ids plus one.
    const ws = new Workspace();
    ws.update(target, 1, result);
    const ids = ws.index.get(target)!.definitions.filter((d) => d.kind === 'ClaimType').map((d) => d.id);
    assert.ok(ids.includes('brandNewClaim'));
    assert.equal(result.replace(/\s*<ClaimType Id="brandNewClaim">[\s\S]*?<\/ClaimType>/, ''), before);
  });
});

/** Special files made by the test: a FIFO (where mkfifo exists) and symlinks to /dev/zero. */
function mkfifo(p: string): boolean {
  return spawnSync('mkfifo', [p]).status === 0;
}

const HAS_DEV_ZERO = fs.existsSync('/dev/zero');

describe('special files are never read: FIFOs and links to /dev/zero', { skip: process.platform === 'win32' }, () => {
  let dir: string;
  let client: LspClient;
  const p = (f: string) => path.join(dir, f);
  const events = (...changes: Array<[number, string]>) =>
    client.notify('workspace/didChangeWatchedFiles', { changes: changes.map(([type, file]) => ({ uri: uriOf(file), type })) });

  /** The server still answers, quickly; a server blocked in open() or reading /dev/zero is killed at once. */
  async function answers(step: string): Promise<void> {
    try {
      const symbols = await client.request<unknown[]>('workspace/symbol', { query: 'SelfAsserted-LocalAccountSignin' }, undefined, 4000);
      assert.ok(symbols.length > 0, step);
    } catch (e) {
      client.process.kill('SIGKILL');
      throw new Error(`${step}: ${(e as Error).message}`);
    }
    const rss = client.rssMB();
    if (rss !== undefined) assert.ok(rss < 600, `${step}: ${Math.round(rss)} MB resident`);
  }

  before(async () => {
    dir = tempCopy('b2c-special-');
    assert.ok(mkfifo(p('appsettings.json')), 'mkfifo');
    client = start({ rootPath: dir, requestTimeoutMs: 4000 });
    await client.initialize();
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts with appsettings.json as a FIFO', () => answers('appsettings.json is a FIFO'));

  it('skips a FIFO named *.xml reported by a watcher event, with a read problem', async () => {
    assert.ok(mkfifo(p('Pipe.xml')));
    events([1, p('Pipe.xml')], [2, p('Pipe.xml')]);
    await answers('a FIFO named Pipe.xml');
    const snapshot = await client.request<{ readProblems: Array<{ uri: string; problem: string }> }>('b2cPolicy/debugIndexSnapshot', null);
    assert.match(snapshot.readProblems.find((r) => r.uri === uriOf(p('Pipe.xml')))?.problem ?? '', /not a regular file/);
  });

  it('goes back to disk on close without blocking when the file became a FIFO', async () => {
    const file = p('ProfileEdit.xml');
    const uri = client.open(file);
    await client.diagnostics(uri);
    fs.rmSync(file);
    assert.ok(mkfifo(file));
    client.close(uri);
    await answers('closing a buffer whose file is now a FIFO');
  });

  it('refuses links to /dev/zero as a policy and as appsettings.json', { skip: !HAS_DEV_ZERO }, async () => {
    fs.symlinkSync('/dev/zero', p('Zero.xml'));
    events([1, p('Zero.xml')]);
    await answers('Zero.xml -> /dev/zero');
    fs.rmSync(p('appsettings.json'));
    fs.symlinkSync('/dev/zero', p('appsettings.json'));
    events([2, p('appsettings.json')]);
    await answers('appsettings.json -> /dev/zero');
    const uri = client.open(p('PasswordReset.xml'));
    await client.diagnostics(uri);
    fs.rmSync(p('PasswordReset.xml'));
    fs.symlinkSync('/dev/zero', p('PasswordReset.xml'));
    client.close(uri);
    await answers('closing a buffer whose file is now a link to /dev/zero');
    assert.deepEqual(client.failures(), []);
  });

  it('answers the run requests when the run-profile file and appsettings.json are special files, and never replaces them', async () => {
    fs.mkdirSync(p('.vscode'));
    assert.ok(mkfifo(path.join(dir, '.vscode', 'b2c-run.json')));
    const uri = uriOf(p('SignUpOrSignin.xml'));
    const profiles = await client.request<{ exists: boolean }>('b2cPolicy/runProfiles', { uri }, undefined, 4000);
    assert.equal(profiles.exists, false);
    assert.equal(await client.request('b2cPolicy/addRunProfile', { uri, profile: { name: 'x', clientId: 'c' } }, undefined, 4000), null);
    // appsettings.json is a FIFO or a link to /dev/zero by now (the tests above).
    const run = await client.request<{ ok: boolean }>('b2cPolicy/authorize', { uri, profile: { name: 'x', clientId: 'c', environment: 'Test' } }, undefined, 4000);
    assert.equal(run.ok, false);
    await answers('run requests on special files');
    assert.ok(fs.lstatSync(path.join(dir, '.vscode', 'b2c-run.json')).isFIFO());
  });
});

describe('a failed check never looks like a clean file', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = tempCopy('b2c-failcheck-');
    client = start({ rootPath: dir, env: { B2C_POLICY_TEST_FAULT: 'diagnostics' } });
    await client.initialize();
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes an error that says checking failed when the diagnostics handler throws', async () => {
    const file = path.join(dir, 'SignUpOrSignin.xml');
    const uri = client.open(file, read(file).replace('ClaimTypeReferenceId="email"', 'ClaimTypeReferenceId="no_such_claim"'));
    const diagnostics = await client.diagnostics(uri, 1);
    assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.severity}`), ['B111 1']);
    assert.match(String(diagnostics[0].message), /^Checking this file failed/);
  });
});

describe('an unreadable base is reported, and the chain through it is not clean', { skip: process.platform === 'win32' }, () => {
  let dir: string;
  let client: LspClient;

  /** A base the server cannot read, made for real: no read permission, or (as root, whom permissions do not stop) a link to a file whose read fails. */
  function makeUnreadable(file: string): boolean {
    if (process.getuid?.() !== 0) {
      fs.chmodSync(file, 0);
      return true;
    }
    if (!fs.existsSync('/proc/self/mem')) return false;
    fs.rmSync(file);
    fs.symlinkSync('/proc/self/mem', file);
    return true;
  }

  before(async () => {
    dir = tempCopy('b2c-unreadable-');
    assert.ok(makeUnreadable(path.join(dir, 'TrustFrameworkBase.xml')));
    client = start({ rootPath: dir });
    await client.initialize();
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('raises B103 to an error naming the unreadable file', async () => {
    const file = path.join(dir, 'SignUpOrSignin.xml');
    const uri = client.open(file, read(file).replace('ClaimTypeReferenceId="email"', 'ClaimTypeReferenceId="no_such_claim"'));
    const diagnostics = await client.diagnostics(uri, 1);
    const b103 = diagnostics.find((d) => d.code === 'B103');
    assert.equal(b103?.severity, 1, JSON.stringify(diagnostics));
    assert.match(String(b103.message), /TrustFrameworkBase\.xml could not be read and may hold that base: this chain is not checked\./);
  });
});

describe('linked folders', { skip: process.platform === 'win32' }, () => {
  let dir: string;
  let client: LspClient;
  const p = (...f: string[]) => path.join(dir, ...f);

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-links-')));
    fs.mkdirSync(p('set'));
    for (const f of fs.readdirSync(path.join(STARTERPACK, 'LocalAccounts'))) fs.copyFileSync(path.join(STARTERPACK, 'LocalAccounts', f), p('set', f));
    // A link to the whole machine, and a second path to the set inside the workspace.
    fs.symlinkSync('/', p('root'));
    fs.symlinkSync(p('set'), p('same'));
    client = start({ rootPath: dir });
    await client.initialize();
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never follows a link out of the workspace, and indexes a linked folder inside it once', async () => {
    const indexed = await client.waitFor(() => client.logs.find((l) => /^Indexed \d+ policy files/.test(l.message)), 'the scan');
    assert.match(indexed.message, /^Indexed 6 policy files/);
    const snapshot = await client.request<{ files: Array<{ uri: string }> }>('b2cPolicy/debugIndexSnapshot', null);
    assert.deepEqual(snapshot.files.map((f) => path.relative(dir, URI.parse(f.uri).fsPath).split(path.sep)[0]), Array(6).fill('set'));
  });

  it('renames from a file opened through the other path and finds every reference', async () => {
    const viaLink = p('same', 'SignUpOrSignin.xml');
    const text = read(viaLink);
    const uri = client.open(viaLink, text);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1 || d.code === 'B104'), [], 'no duplicate base, no errors');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri }, position: positionOf(text, 'ClaimTypeReferenceId="email"', 22), newName: 'emailAddress',
    });
    const files = Object.keys(edit.changes ?? {}).map((u) => path.relative(dir, URI.parse(u).fsPath)).sort();
    // The open file in the client's spelling, the others under their one canonical path.
    assert.deepEqual(files, [path.join('same', 'SignUpOrSignin.xml'), path.join('set', 'PasswordReset.xml'), path.join('set', 'TrustFrameworkBase.xml'), path.join('set', 'TrustFrameworkLocalization.xml')]);
    assert.deepEqual(client.failures(), []);
  });
});

describe('protocol errors', () => {
  it('answers requests before initialize and after shutdown with errors, not null', async () => {
    const client = start({ rootPath: STARTERPACK });
    const doc = { textDocument: { uri: uriOf(path.join(STARTERPACK, 'LocalAccounts', 'SignUpOrSignin.xml')) }, position: { line: 0, character: 0 } };
    await assert.rejects(client.request('textDocument/hover', doc), (e: { code?: number }) => e.code === -32002);
    await client.initialize();
    await client.indexed();
    assert.equal(await client.request('textDocument/hover', doc), null);
    await client.request('shutdown', null);
    await assert.rejects(client.request('textDocument/definition', doc), (e: { code?: number }) => e.code === -32600);
    client.notify('exit', null);
    await client.waitFor(() => (client.alive ? undefined : true), 'the exit');
  });

  const framing: Array<[string, string, RegExp]> = [
    ['no Content-Length', 'Content-Type: x\r\n\r\n{}', /without a Content-Length/],
    ['a length that is not a number', 'Content-Length: abc\r\n\r\n{}', /not a whole number/],
    ['a negative length', 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"x"}', /not a whole number of bytes \("-5"\)/],
    // Without the guard the reader waits for 2 GB (and buffers whatever arrives) until its partial-message timer.
    ['a 2 GB length', 'Content-Length: 2147483648\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"x"}', /Content-Length of 2147483648 bytes/],
  ];
  for (const [what, header, why] of framing) {
    it(`exits with an error after a framing error (${what}), so that the client restarts it`, async () => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // A well-framed request first: the server answers it, so the failure is the framing error's alone.
      const ok = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.xml' }, position: { line: 0, character: 0 } } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(ok)}\r\n\r\n${ok}`);
      // stdin stays open: only the framing error may end the process.
      child.stdin.write(header);
      const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 8000))]);
      if (code === 'still running') child.kill('SIGKILL');
      assert.equal(code, 1);
      assert.match(stderr, why);
      assert.match(stderr, /exiting so that the client can restart the server/);
    });
  }
});

describe('a linked folder into a base folder', { skip: process.platform === 'win32' }, () => {
  let top: string;
  let ws: string;
  let bases: string;
  let client: LspClient;
  const settings: { baseFolders: string[] } = { baseFolders: [] };
  const SET = path.join(STARTERPACK, 'SocialAndLocalAccounts');

  before(async () => {
    top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-baselink-')));
    ws = path.join(top, 'ws');
    bases = path.join(top, 'shared-bases');
    fs.mkdirSync(ws);
    fs.mkdirSync(path.join(bases, 'starter'), { recursive: true });
    for (const f of ['TrustFrameworkExtensions.xml', 'SignUpOrSignin.xml']) fs.copyFileSync(path.join(SET, f), path.join(ws, f));
    for (const f of ['TrustFrameworkBase.xml', 'TrustFrameworkLocalization.xml']) fs.copyFileSync(path.join(SET, f), path.join(bases, 'starter', f));
    // The workspace reaches the base through a link that leaves it; the link's target lies in a configured base folder.
    fs.symlinkSync(path.join(bases, 'starter'), path.join(ws, 'base'));
    settings.baseFolders = [bases];
    client = start({ rootPath: ws, settings });
    await client.initialize();
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(top, { recursive: true, force: true });
  });

  it('is followed like a folder inside the workspace: one set of files, under the base folder, never reported on', async () => {
    const snapshot = await client.request<{ files: Array<{ uri: string }> }>('b2cPolicy/debugIndexSnapshot', null);
    assert.deepEqual(snapshot.files.map((f) => path.relative(top, URI.parse(f.uri).fsPath)).sort(),
      [path.join('shared-bases', 'starter', 'TrustFrameworkBase.xml'), path.join('shared-bases', 'starter', 'TrustFrameworkLocalization.xml'), path.join('ws', 'SignUpOrSignin.xml'), path.join('ws', 'TrustFrameworkExtensions.xml')]);
    const rp = path.join(ws, 'SignUpOrSignin.xml');
    const text = read(rp).replace('ClaimTypeReferenceId="givenName"', 'ClaimTypeReferenceId="givenNmae"');
    const uri = client.open(rp, text);
    const found = (await client.diagnostics(uri)).filter((d) => String(d.code).startsWith('B1'));
    assert.deepEqual(found.map((d) => `${d.code} ${d.message}`), ["B101 The claim type 'givenNmae' is not defined in this policy or its base policies."]);
    // Opened through the link, the base is the base folder's file: its diagnostics are never published.
    const viaLink = client.open(path.join(ws, 'base', 'TrustFrameworkBase.xml'));
    assert.deepEqual(await client.diagnostics(viaLink), []);
    client.close(viaLink);
    assert.deepEqual(client.failures(), []);
  });

  it('is not followed once the folder is no longer a base folder', async () => {
    settings.baseFolders = [];
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const rp = uriOf(path.join(ws, 'SignUpOrSignin.xml'));
    await client.waitFor(() => client.publishedFor(rp).find((p) => p.diagnostics.some((d) => d.code === 'B103')), 'B103 without the base folder');
    const snapshot = await client.request<{ files: Array<{ uri: string }> }>('b2cPolicy/debugIndexSnapshot', null);
    assert.deepEqual(snapshot.files.map((f) => path.relative(top, URI.parse(f.uri).fsPath)).sort(), [path.join('ws', 'SignUpOrSignin.xml'), path.join('ws', 'TrustFrameworkExtensions.xml')]);
  });
});

describe('keystroke bursts', () => {
  let client: LspClient;
  const SET = path.join(STARTERPACK, 'SocialAndLocalAccounts');

  before(async () => {
    client = start({ rootPath: SET });
    await client.initialize();
    await client.indexed();
  });
  after(() => client.shutdown());

  it('validates a burst of queued changes once, at its newest version', async () => {
    const uri = client.open(path.join(SET, 'TrustFrameworkBase.xml'));
    await client.diagnostics(uri, 1);
    const before = client.publishedFor(uri).length;
    // 200 one-character changes in one write: all of them are queued when the server handles the first.
    const frames: string[] = [];
    for (let v = 2; v <= 201; v++) {
      const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }] } });
      frames.push(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    client.process.stdin!.write(frames.join(''));
    await client.diagnostics(uri, 201, 20_000);
    // Dependents and late publications would come within the dependents' delay.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const versions = client.publishedFor(uri).slice(before).map((p) => p.version);
    assert.deepEqual(versions, [201]);
    assert.deepEqual(client.failures(), []);
  });
});
