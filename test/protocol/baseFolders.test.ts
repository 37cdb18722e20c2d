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
