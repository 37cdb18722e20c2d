/**
 * b2cPolicy.baseFolders over the protocol: a sample's relying party and Extensions in the workspace, the starter
 * pack they extend in a folder outside it. References resolve and navigate into the base folder; nothing in the
 * base folder is reported on; the setting changes without a restart.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic, LocationLink } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';

const SET = path.join(STARTERPACK, 'SocialAndLocalAccounts');
const read = (p: string) => fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, '');
const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`);

describe('base folders', () => {
  let dir: string;
  let client: LspClient;
  const settings: { baseFolders: string[] } = { baseFolders: [] };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-base-'));
    for (const f of ['TrustFrameworkExtensions.xml', 'SignUpOrSignin.xml']) fs.copyFileSync(path.join(SET, f), path.join(dir, f));
    settings.baseFolders = [SET];
    client = start({ rootPath: dir, settings });
    await client.initialize();
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resolves and navigates into the base folder, and reports only on the workspace', async () => {
    const rpPath = path.join(dir, 'SignUpOrSignin.xml');
    const text = read(rpPath).replace('<OutputClaim ClaimTypeReferenceId="givenName" />', '<OutputClaim ClaimTypeReferenceId="givenNmae" />');
    assert.notEqual(text, read(rpPath));
    const rp = client.open(URI.file(rpPath).toString(), text, 1);
    const found = codes(await client.diagnostics(rp, 1));
    assert.deepEqual(found.filter((d) => d.startsWith('B1')), ["B101 The claim type 'givenNmae' is not defined in this policy or its base policies."]);
    const at = text.indexOf('ClaimTypeReferenceId="email"') + 24;
    const links = await client.request<LocationLink[]>('textDocument/definition', {
      textDocument: { uri: rp }, position: TextDocument.create(rp, 'xml', 1, text).positionAt(at),
    });
    assert.deepEqual(links.map((l) => URI.parse(l.targetUri).fsPath), [path.join(SET, 'TrustFrameworkBase.xml')]);
    // A fault in a base-folder file is never published, even while the file is open.
    const basePath = path.join(SET, 'TrustFrameworkBase.xml');
    const base = client.open(URI.file(basePath).toString(), read(basePath).replace('</ClaimsSchema>', '<ClaimType Id="email"/></ClaimsSchema>'), 1);
    assert.deepEqual(await client.diagnostics(base, 1), []);
    client.close(base);
    assert.deepEqual(client.failures(), []);
  });

  it('follows a change of the setting without a restart', async () => {
    const rp = URI.file(path.join(dir, 'SignUpOrSignin.xml')).toString();
    const before = client.publishedFor(rp).length;
    settings.baseFolders = [];
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const published = await client.waitFor(() => client.publishedFor(rp).slice(before).find((p) => p.diagnostics.some((d) => d.code === 'B103')), 'B103 once the base folder is gone');
    assert.ok(!published.diagnostics.some((d) => d.code === 'B101'));
    settings.baseFolders = [SET];
    const again = client.publishedFor(rp).length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor(() => client.publishedFor(rp).slice(again).find((p) => p.diagnostics.some((d) => d.code === 'B101')), 'B101 again with the base folder back');
    assert.deepEqual(client.failures(), []);
  });
});

describe('quick fixes on broken chains over the protocol', () => {
  let dir: string;
  let client: LspClient;
  const settings: { basePolicyPins: Record<string, string> } = { basePolicyPins: {} };
  const write = (rel: string, policyId: string, base?: string) => {
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    const basePolicy = base ? `\n  <BasePolicy><TenantId>t.onmicrosoft.com</TenantId><PolicyId>${base}</PolicyId></BasePolicy>` : '';
    fs.writeFileSync(path.join(dir, rel), `<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="${policyId}" PublicPolicyUri="http://t.onmicrosoft.com/${policyId}">${basePolicy}\n</TrustFrameworkPolicy>\n`);
    return URI.file(path.join(dir, rel)).toString();
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-fix-'));
    client = start({ rootPath: dir, settings });
    write('a/Base.xml', 'B2C_1A_Base');
    write('b/Base.xml', 'B2C_1A_Base');
    write('c/Ext.xml', 'B2C_1A_Ext', 'B2C_1A_Base');
    write('d/Orphan.xml', 'B2C_1A_Orphan', 'B2C_1A_Missing');
    await client.initialize();
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const actionsFor = async (uri: string, code: string) => {
    const ds = (await client.diagnostics(uri, 1)).filter((d) => d.code === code);
    assert.equal(ds.length, 1, code);
    const actions = await client.request<Array<{ title: string; kind: string; command?: { command: string; arguments: unknown[] } }>>('textDocument/codeAction', {
      textDocument: { uri }, range: ds[0].range, context: { diagnostics: ds },
    });
    return actions.map((a) => `${a.kind} ${a.command?.command} ${JSON.stringify(a.command?.arguments)}`);
  };

  it('returns pin and base-folder commands, and a pin written to the settings settles the chain', async () => {
    const ext = client.open(URI.file(path.join(dir, 'c', 'Ext.xml')).toString(), undefined, 1);
    const a = URI.file(path.join(dir, 'a', 'Base.xml')).toString(), b = URI.file(path.join(dir, 'b', 'Base.xml')).toString();
    assert.deepEqual(await actionsFor(ext, 'B104'), [
      `quickfix b2cPolicy.pinBasePolicy ${JSON.stringify(['B2C_1A_Base', a])}`,
      `quickfix b2cPolicy.pinBasePolicy ${JSON.stringify(['B2C_1A_Base', b])}`,
    ]);
    const orphan = client.open(URI.file(path.join(dir, 'd', 'Orphan.xml')).toString(), undefined, 1);
    assert.deepEqual(await actionsFor(orphan, 'B103'), [`quickfix b2cPolicy.addBaseFolder ${JSON.stringify(['B2C_1A_Missing'])}`]);
    // What the client's pin command writes (a path relative to the workspace folder) is honoured at once.
    const before = client.publishedFor(ext).length;
    settings.basePolicyPins = { B2C_1A_Base: 'b/Base.xml' };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor(() => client.publishedFor(ext).slice(before).find((p) => !p.diagnostics.some((d) => d.code === 'B104')), 'B104 gone after the pin');
    assert.deepEqual(client.failures(), []);
  });
});
