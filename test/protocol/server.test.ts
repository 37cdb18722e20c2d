/**
 * The real server over stdio, as an editor drives it, on the starter pack: initialize, definition,
 * references, rename, documentSymbol, workspace/symbol and published diagnostics.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { DocumentSymbol, Location, LocationLink, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-types';
import { LspClient, start } from '../helpers/lspClient';
import { findXmlFiles } from '../../server/src/node/files';
import { STARTERPACK } from '../helpers/paths';
import { URI } from 'vscode-uri';

const folder = (...p: string[]) => path.join(STARTERPACK, ...p);

function positionOf(file: string, needle: string, shift = 0) {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const offset = text.indexOf(needle) + shift;
  assert.ok(offset >= shift, `${needle} not in ${file}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server over stdio (starter pack)', () => {
  let client: LspClient;
  before(async () => {
    client = start({ rootPath: STARTERPACK });
    const init = await client.initialize();
    for (const cap of ['definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'completionProvider', 'hoverProvider']) {
      assert.ok((init.capabilities as Record<string, unknown>)[cap], cap);
    }
    await client.indexed();
  });
  after(() => client.shutdown());

  it('publishes no error and no warning for any starter-pack file', async () => {
    const files = findXmlFiles([STARTERPACK]);
    assert.equal(files.length, 57);
    const uris = files.map((f) => client.open(f));
    for (const uri of uris) {
      const bad = (await client.diagnostics(uri, 1, 20_000)).filter((d) => d.severity === 1 || d.severity === 2);
      assert.deepEqual(bad.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`), [], uri);
    }
    assert.deepEqual(client.failures(), []);
    // Every published code links to its page, which the bundle finds beside it (docs/diagnostics/).
    const info = await client.diagnostics(client.open(folder('SocialAndLocalAccounts', 'TrustFrameworkBase.xml')), 1, 20_000);
    assert.ok(info.length > 0);
    for (const d of info) {
      const href = (d as { codeDescription?: { href: string } }).codeDescription?.href ?? '';
      assert.match(href, new RegExp(`^file:///.*/docs/diagnostics/${d.code}\\.md$`));
      assert.ok(fs.existsSync(URI.parse(href).fsPath), href);
    }
  });

  it('goes to the definition in the same folder\'s base, never another set', async () => {
    const ext = folder('SocialAndLocalAccounts', 'TrustFrameworkExtensions.xml');
    const uri = client.open(ext);
    const links = await client.request<LocationLink[]>('textDocument/definition', {
      textDocument: { uri }, position: positionOf(ext, 'ClaimTypeReferenceId="client_id"', 24),
    });
    assert.equal(links.length, 1);
    assert.match(links[0].targetUri, /\/starterpack\/SocialAndLocalAccounts\/TrustFrameworkBase\.xml$/);
    assert.deepEqual(links[0].targetSelectionRange.start, positionOf(folder('SocialAndLocalAccounts', 'TrustFrameworkBase.xml'), '<ClaimType Id="client_id"', 15));
  });

  it('finds references across the files of one set only', async () => {
    const base = folder('LocalAccounts', 'TrustFrameworkBase.xml');
    const uri = client.open(base);
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri }, position: positionOf(base, '<TechnicalProfile Id="login-NonInteractive"', 22), context: { includeDeclaration: true },
    });
    const files = new Set(refs.map((r) => decodeURIComponent(r.uri).replace(/.*\/starterpack\//, '')));
    assert.ok(refs.length >= 4);
    // The set's own files, plus the scenario sets whose base is ambiguous (their chains include every candidate base).
    for (const f of files) assert.match(f, /^(LocalAccounts|scenarios\/(linkedin-identity-provider|password-change))\//);
    assert.ok(files.has('LocalAccounts/TrustFrameworkExtensions.xml'));
  });

  it('renames across files and refuses a name that collides', async () => {
    const base = folder('SocialAccounts', 'TrustFrameworkBase.xml');
    const uri = client.open(base);
    const position = positionOf(base, '<ClaimType Id="displayName"', 15);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'fullName' });
    const touched = Object.keys(edit.changes!).map((u) => decodeURIComponent(u).replace(/.*\/starterpack\//, '')).sort();
    assert.ok(touched.includes('SocialAccounts/TrustFrameworkBase.xml'));
    for (const t of touched) assert.match(t, /^SocialAccounts\//);
    // The scenarios' base is ambiguous (five folders declare it): this client shows no change annotations, so
    // they are left out, and the user is told which.
    await client.waitFor(() => client.messages.find((m) => /^Rename left out/.test(m.message)), 'the left-out message');
    const note = client.messages.find((m) => /^Rename left out/.test(m.message))!;
    assert.equal(note.type, 2);
    assert.match(note.message, /whose base policy is ambiguous/);
    assert.match(note.message, /(linkedin-identity-provider|password-change)\/\w+\.xml/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position, newName: 'givenName' }), /already visible/);
  });

  it('serves an outline and workspace symbols', async () => {
    const base = folder('SocialAndLocalAccountsWithMfa', 'TrustFrameworkBase.xml');
    const uri = client.open(base);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = symbols.map((s) => s.name);
    assert.ok(names.includes('BuildingBlocks') && names.includes('ClaimsProviders') && names.includes('UserJourneys'), names.join(','));
    const ws = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'PhoneFactor-InputOrVerify' });
    assert.ok(ws.some((s) => s.name === 'PhoneFactor-InputOrVerify' && /SocialAndLocalAccountsWithMfa/.test(s.location.uri)));
  });
});
