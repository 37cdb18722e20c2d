/**
 * {Settings:...} over the protocol, in a workspace laid out for Microsoft's extension (appsettings.json, Policies/,
 * built Environments/): the diagnostic and its quick fix, hover, definition into appsettings.json, and built copies
 * left out of the index.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Hover, LocationLink } from 'vscode-languageserver-types';
import { LspClient, start } from '../helpers/lspClient';
import { editPolicy, makeBuildWorkspace } from '../helpers/buildWorkspace';
import { buildPolicies } from '../../server/src/node/build/build';

describe('{Settings:...} over the protocol', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    root = makeBuildWorkspace();
    assert.equal(buildPolicies({ settingsFile: path.join(root, 'appsettings.json') }).errors, 0);
    editPolicy(root, 'SignUpOrSignin.xml', '<DefaultUserJourney ReferenceId="SignUpOrSignIn" />', '<DefaultUserJourney ReferenceId="{Settings:Journey}" />');
    client = start({ rootPath: root });
    await client.initialize();
    await client.indexed();
  });
  after(() => client.shutdown());

  const rp = () => path.join(root, 'Policies', 'SignUpOrSignin.xml');
  const positionOf = (file: string, needle: string, shift: number) => {
    const lines = fs.readFileSync(file, 'utf8').slice(0, fs.readFileSync(file, 'utf8').indexOf(needle) + shift).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };

  it('reports an unknown placeholder with a quick fix that edits appsettings.json', async () => {
    const uri = client.open(rp());
    const diags = (await client.diagnostics(uri, 1, 20_000)).filter((d) => String(d.code).startsWith('B70'));
    assert.deepEqual(diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`), [`${positionOf(rp(), '{Settings:Journey}', 0).line + 1}:${positionOf(rp(), '{Settings:Journey}', 0).character + 1} B701`]);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } });
    const fix = actions.find((a) => a.title === 'Add Journey to every environment in appsettings.json');
    assert.ok(fix, actions.map((a) => a.title).join('; '));
    const [target] = Object.keys(fix!.edit!.changes!);
    assert.match(target, /\/appsettings\.json$/);
  });

  it('hovers with the value per environment and goes to the keys in appsettings.json', async () => {
    const ext = path.join(root, 'Policies', 'TrustFrameworkExtensions.xml');
    const uri = client.open(ext);
    const position = positionOf(ext, '{Settings:ProxyIdentityExperienceFrameworkAppId}', 3);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /\| Development \| `dev-proxy-0001` \|/);
    assert.match(text, /\| Production \(Production\) \| `prod-proxy-0003` \|/);
    const links = await client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri }, position });
    assert.equal(links.length, 3);
    for (const l of links) assert.match(l.targetUri, /\/appsettings\.json$/);
  });

  it('does not index the built copies under Environments/', async () => {
    const snapshot = await client.request<{ files: Array<{ uri: string }> }>('b2cPolicy/debugIndexSnapshot', {});
    const uris = snapshot.files.map((f) => decodeURIComponent(f.uri));
    assert.equal(uris.length, 6, uris.join('\n'));
    assert.ok(uris.every((u) => u.includes('/Policies/')));
  });
});
