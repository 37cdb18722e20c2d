/**
 * Workspace churn over the protocol: files created, renamed, deleted and changed on disk (reported with
 * workspace/didChangeWatchedFiles as an editor does, a deleted folder as one event), while open buffers differ
 * from disk; a base deleted and restored; symlink loops; 20,000 XML files that are not policies.
 * After every step the server's index (b2cPolicy/debugIndexSnapshot) must equal a fresh scan of the same
 * folder with the same open buffers.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { IndexSnapshot, Workspace } from '../../server/src/node/workspace';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';

const CREATED = 1, CHANGED = 2, DELETED = 3;
const uriOf = (p: string) => URI.file(p).toString();
const read = (p: string) => fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, '');

/** The differences between two snapshots, one line each (empty when equal). */
function differences(actual: IndexSnapshot, expected: IndexSnapshot): string[] {
  const out: string[] = [];
  const byUri = (s: IndexSnapshot) => new Map(s.files.map((f) => [f.uri, JSON.stringify(f)]));
  const a = byUri(actual), e = byUri(expected);
  for (const [uri, f] of e) {
    if (!a.has(uri)) out.push(`missing from the server: ${f}`);
    else if (a.get(uri) !== f) out.push(`differs:\n  server ${a.get(uri)}\n  fresh  ${f}`);
  }
  for (const [uri, f] of a) if (!e.has(uri)) out.push(`only in the server: ${f}`);
  if (JSON.stringify(actual.readProblems) !== JSON.stringify(expected.readProblems)) {
    out.push(`read problems differ:\n  server ${JSON.stringify(actual.readProblems)}\n  fresh  ${JSON.stringify(expected.readProblems)}`);
  }
  return out;
}

describe('workspace churn keeps the index equal to a fresh scan', () => {
  let dir: string;
  let client: LspClient;
  /** Open buffers: URI -> version and text, as the server should have them. */
  const buffers = new Map<string, { version: number; text: string }>();
  const p = (...parts: string[]) => path.join(dir, ...parts);

  function copySet(from: string, to: string): void {
    fs.mkdirSync(to, { recursive: true });
    for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(to, f));
  }

  function events(...changes: Array<[number, string]>): void {
    client.notify('workspace/didChangeWatchedFiles', { changes: changes.map(([type, file]) => ({ uri: uriOf(file), type })) });
  }

  function open(file: string, text = read(file)): string {
    const uri = client.open(uriOf(file), text, 1);
    buffers.set(uri, { version: 1, text });
    return uri;
  }

  function close(file: string): void {
    client.close(uriOf(file));
    buffers.delete(uriOf(file));
  }

  async function expectConsistent(step: string): Promise<void> {
    const actual = await client.request<IndexSnapshot>('b2cPolicy/debugIndexSnapshot', null);
    const fresh = new Workspace();
    fresh.scan([dir]);
    for (const [uri, b] of buffers) fresh.update(uri, b.version, b.text);
    // Through JSON, as the server's answer came: undefined fields disappear.
    const expected = JSON.parse(JSON.stringify(fresh.snapshot())) as IndexSnapshot;
    assert.deepEqual(differences(actual, expected), [], `after: ${step}`);
    assert.ok(expected.files.length > 0);
    assert.deepEqual(client.failures(), []);
  }

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-churn-')));
    copySet(path.join(STARTERPACK, 'SocialAndLocalAccounts'), p('a'));
    copySet(path.join(STARTERPACK, 'LocalAccounts'), p('b'));
    copySet(path.join(STARTERPACK, 'SocialAccounts'), p('c'));
    // 20,000 small XML files that are not policies, in 100 folders.
    for (let i = 0; i < 20_000; i++) {
      const folder = p('noise', `d${i % 100}`);
      if (i < 100) fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `n${i}.xml`), `<root><item n="${i}"/></root>`);
    }
    // Policies in a folder the scan skips; symlink loops and a dangling link.
    copySet(p('a'), p('out'));
    fs.symlinkSync(dir, p('a', 'loop'));
    fs.symlinkSync(p('b'), p('b', 'self'));
    fs.symlinkSync(p('nowhere.xml'), p('dangling.xml'));
    client = start({ rootPath: dir });
    await client.initialize();
    await client.indexed(60_000);
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts equal to a fresh scan (symlink loops, skipped folders and 20,000 other XML files included)', async () => {
    await expectConsistent('the initial scan');
  });

  it('follows creations, renames, deletions and changes while buffers differ from disk', async () => {
    const ext = p('a', 'TrustFrameworkExtensions.xml');
    const extText = read(ext).replace('<ClaimsProviders>', '<BuildingBlocks><ClaimsSchema><ClaimType Id="bufferOnly"><DataType>string</DataType></ClaimType></ClaimsSchema></BuildingBlocks>\n  <ClaimsProviders>');
    open(ext, extText);
    open(p('a', 'SignUpOrSignin.xml'));
    await expectConsistent('opening two buffers, one differing from disk');

    fs.writeFileSync(p('a', 'New.xml'), read(p('a', 'ProfileEdit.xml')).replace(/B2C_1A_ProfileEdit/g, 'B2C_1A_New'));
    events([CREATED, p('a', 'New.xml')]);
    await expectConsistent('a policy created');

    fs.renameSync(p('a', 'ProfileEdit.xml'), p('a', 'ProfileEdit2.xml'));
    events([CREATED, p('a', 'ProfileEdit2.xml')], [DELETED, p('a', 'ProfileEdit.xml')]);
    await expectConsistent('a policy renamed (created reported before deleted)');

    // b's base leaves and comes back, so that the server learnt the declarations of B2C_1A_TrustFrameworkBase in another order than a scan.
    const bBase = read(p('b', 'TrustFrameworkBase.xml'));
    fs.rmSync(p('b', 'TrustFrameworkBase.xml'));
    events([DELETED, p('b', 'TrustFrameworkBase.xml')]);
    fs.writeFileSync(p('b', 'TrustFrameworkBase.xml'), bBase);
    events([CREATED, p('b', 'TrustFrameworkBase.xml')]);
    const base = read(p('a', 'TrustFrameworkBase.xml'));
    fs.rmSync(p('a', 'TrustFrameworkBase.xml'));
    events([DELETED, p('a', 'TrustFrameworkBase.xml')]);
    await expectConsistent('the base deleted (chains now reach into the other folders: ambiguous)');
    fs.writeFileSync(p('a', 'TrustFrameworkBase.xml'), base);
    events([CREATED, p('a', 'TrustFrameworkBase.xml')]);
    await expectConsistent('the base restored');

    fs.writeFileSync(ext, read(ext).replace('B2C_1A_TrustFrameworkExtensions', 'B2C_1A_DiskOnly'));
    events([CHANGED, ext]);
    await expectConsistent('an open file changed on disk (the buffer wins)');

    fs.writeFileSync(p('b', 'TrustFrameworkBase.xml'), read(p('b', 'TrustFrameworkBase.xml')).replace('PolicyId="B2C_1A_TrustFrameworkBase"', 'PolicyId="B2C_1A_Renamed"'));
    events([CHANGED, p('b', 'TrustFrameworkBase.xml')]);
    await expectConsistent("a base's PolicyId changed on disk");

    client.change(uriOf(ext), [{ text: extText.replace('B2C_1A_TrustFrameworkExtensions', 'B2C_1A_BufferId') }], 2);
    buffers.set(uriOf(ext), { version: 2, text: extText.replace('B2C_1A_TrustFrameworkExtensions', 'B2C_1A_BufferId') });
    await expectConsistent("the open extensions' PolicyId edited in the buffer");

    fs.rmSync(p('a', 'SignUpOrSignin.xml'));
    events([DELETED, p('a', 'SignUpOrSignin.xml')]);
    await expectConsistent('an open file deleted on disk (its buffer stays)');
    close(p('a', 'SignUpOrSignin.xml'));
    await expectConsistent('the buffer of the deleted file closed');
  });

  it('follows non-policy XML turning into a policy and back, and batches of new files', async () => {
    const noise = p('noise', 'd5', 'n5.xml');
    const before = read(noise);
    fs.writeFileSync(noise, read(p('a', 'New.xml')).replace(/B2C_1A_New/g, 'B2C_1A_FromNoise'));
    events([CHANGED, noise]);
    await expectConsistent('a noise file became a policy');
    fs.writeFileSync(noise, before);
    events([CHANGED, noise]);
    await expectConsistent('and back');
    const created: Array<[number, string]> = [];
    for (let i = 0; i < 100; i++) {
      const f = p('noise', 'd7', `extra${i}.xml`);
      fs.writeFileSync(f, i === 50 ? read(p('a', 'New.xml')).replace(/B2C_1A_New/g, 'B2C_1A_Extra') : '<x/>');
      created.push([CREATED, f]);
    }
    events(...created);
    await expectConsistent('100 files created in one event');
  });

  it('follows a folder deleted and restored (one event each, as editors report them)', async () => {
    fs.rmSync(p('b'), { recursive: true });
    events([DELETED, p('b')]);
    await expectConsistent('a folder of policies deleted');
    copySet(path.join(STARTERPACK, 'LocalAccounts'), p('b'));
    events([CREATED, p('b')]);
    await expectConsistent('the folder restored');
  });

  it('ignores files the scan skips or never reaches', async () => {
    fs.mkdirSync(p('dist'), { recursive: true });
    fs.writeFileSync(p('dist', 'Another.xml'), read(p('a', 'TrustFrameworkBase.xml')));
    events([CREATED, p('dist', 'Another.xml')], [CHANGED, p('out', 'TrustFrameworkBase.xml')]);
    await expectConsistent('a policy written into a skipped folder');

    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-outside-'));
    try {
      const file = path.join(outside, 'Outside.xml');
      fs.writeFileSync(file, read(p('a', 'New.xml')).replace(/B2C_1A_New/g, 'B2C_1A_Outside'));
      open(file);
      await expectConsistent('a policy outside the folder opened');
      close(file);
      await expectConsistent('and closed (it leaves the index)');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
    close(p('a', 'TrustFrameworkExtensions.xml'));
    await expectConsistent('the edited buffer closed (back to disk)');
  });
});
