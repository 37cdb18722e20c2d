/**
 * The editor features of issue 12 through the real server over stdio: folding ranges with the client's limit,
 * document links, the definition CodeLens and the setting that turns CodeLens off, and b2cPolicy/effectiveXml.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import type { CodeLens, DocumentLink, FoldingRange } from 'vscode-languageserver-types';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';
import { pathToUri } from '../../server/src/node/files';

const ROOT = path.join(STARTERPACK, 'SocialAndLocalAccounts');

describe('editor features over stdio', () => {
  let client: LspClient;
  const settings = { codeLens: { enabled: true } };
  before(async () => {
    client = start({ rootPath: ROOT, settings });
    const init = await client.initialize({
      capabilities: {
        workspace: { configuration: true, codeLens: { refreshSupport: true } },
        textDocument: { foldingRange: { rangeLimit: 5, lineFoldingOnly: true } },
      },
    });
    const caps = init.capabilities as Record<string, unknown>;
    assert.equal(caps.foldingRangeProvider, true);
    assert.deepEqual(caps.documentLinkProvider, { resolveProvider: false });
    await client.indexed();
  });
  after(() => client.shutdown());

  it('folds within the client\'s range limit, and links the base policy to its file', async () => {
    const uri = client.open(path.join(ROOT, 'TrustFrameworkExtensions.xml'));
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.equal(ranges.length, 5);
    assert.equal(ranges[0].startLine, 1);
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.equal(links[0].target, pathToUri(path.join(ROOT, 'TrustFrameworkLocalization.xml')));
  });

  it('puts definition lenses on the base, and none once b2cPolicy.codeLens.enabled is false', async () => {
    const uri = client.open(path.join(ROOT, 'TrustFrameworkBase.xml'));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.some((l) => l.command?.title === 'overridden in TrustFrameworkExtensions'));
    assert.ok(lenses.some((l) => l.command?.title === 'Show effective' && l.command.command === 'b2cPolicy.showEffective'));
    const refreshes = () => client.serverRequests.filter((r) => r.method === 'workspace/codeLens/refresh').length;
    const before = refreshes();
    settings.codeLens.enabled = false;
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    const deadline = Date.now() + 10_000;
    let after: CodeLens[] = lenses;
    while (after.length && Date.now() < deadline) {
      after = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      if (after.length) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(after, []);
    // The client is asked to ask again (VS Code keeps showing lenses it has until then).
    await client.waitFor(() => (refreshes() > before ? true : undefined), 'a CodeLens refresh request after the setting changed');
    settings.codeLens.enabled = true;
    client.notify('workspace/didChangeConfiguration', { settings: {} });
  });

  it('answers b2cPolicy/effectiveXml for a profile by Id and at a cursor, and null where there is none', async () => {
    const uri = pathToUri(path.join(ROOT, 'TrustFrameworkExtensions.xml'));
    const byId = await client.request<{ text: string; kind: string; id: string; view: string }>('b2cPolicy/effectiveXml', { uri, kind: 'TechnicalProfile', id: 'login-NonInteractive' });
    assert.equal(byId.id, 'login-NonInteractive');
    assert.match(byId.text, /<Item Key="client_id">ProxyIdentityExperienceFrameworkAppId<\/Item> <!-- TrustFrameworkExtensions.xml:\d+ -->/);
    assert.match(byId.text, /<!-- TrustFrameworkBase.xml:\d+ -->/);
    const journey = await client.request<{ kind: string; id: string } | null>('b2cPolicy/effectiveXml', { uri: pathToUri(path.join(ROOT, 'TrustFrameworkBase.xml')), kind: 'UserJourney', id: 'SignUpOrSignIn' });
    assert.equal(journey?.kind, 'UserJourney');
    assert.equal(await client.request('b2cPolicy/effectiveXml', { uri, position: { line: 0, character: 0 } }), null);
  });
});
