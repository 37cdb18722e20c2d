/**
 * Completion and hover through the real server process over stdio: Metadata keys and values of a RESTful
 * profile, hover on a key, and {Settings:...} names read from the workspace's appsettings.json.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CompletionList, Hover, MarkupContent, Position } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { LspClient, start } from '../helpers/lspClient';

const HANDLER = 'Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';

function restPolicy(metadata: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_Rest">
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>API</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="REST-Validate">
          <DisplayName>Validate</DisplayName>
          <Protocol Name="Proprietary" Handler="${HANDLER}" />
          <Metadata>
${metadata}
          </Metadata>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>
`;
}

function positionAfter(text: string, needle: string): Position {
  const offset = text.indexOf(needle) + needle.length;
  assert.ok(offset >= needle.length, needle);
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

const appSettings = (names: string[]) => JSON.stringify({
  Environments: [{ Name: 'Development', Production: false, Tenant: 'contoso.onmicrosoft.com', PolicySettings: Object.fromEntries(names.map((n) => [n, 'x'])) }],
});

describe('completion and hover over stdio', () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-completion-'));
    fs.writeFileSync(path.join(dir, 'appsettings.json'), appSettings(['ApiUrl']));
    client = start({ rootPath: dir });
    await client.initialize();
    await client.indexed();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const complete = async (uri: string, position: Position) =>
    (await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position })).items.map((i) => i.label);

  it('lists all 14 RESTful keys at <Item Key=" inside a RESTful profile', async () => {
    const text = restPolicy('            <Item Key="');
    const uri = client.open(path.join(dir, 'Keys.xml'), text);
    const got = await complete(uri, positionAfter(text, '<Item Key="'));
    const restful = ['ServiceUrl', 'AuthenticationType', 'AllowInsecureAuthInProduction', 'SendClaimsIn', 'ClaimsFormat', 'ClaimUsedForRequestPayload', 'DebugMode',
      'IncludeClaimResolvingInClaimsHandling', 'ResolveJsonPathsInJsonTokens', 'UseClaimAsBearerToken', 'DefaultUserMessageIfRequestFailed',
      'UserMessageIfCircuitOpen', 'UserMessageIfDnsResolutionFailed', 'UserMessageIfRequestTimeout'];
    assert.deepEqual(restful.filter((k) => !got.includes(k)), []);
    client.close(uri);
  });

  it('lists exactly the AuthenticationType values, and hover on the key names them', async () => {
    const text = restPolicy('            <Item Key="AuthenticationType"></Item>');
    const uri = client.open(path.join(dir, 'Values.xml'), text);
    assert.deepEqual((await complete(uri, positionAfter(text, '"AuthenticationType">'))).sort(), ['ApiKeyHeader', 'Basic', 'Bearer', 'ClientCertificate', 'None']);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAfter(text, 'Key="Authentication') });
    const value = (hover.contents as MarkupContent).value;
    for (const v of ['None', 'Basic', 'ClientCertificate', 'Bearer', 'ApiKeyHeader']) assert.ok(value.includes('`' + v + '`'), v);
    client.close(uri);
  });

  it('offers {Settings:...} names from appsettings.json and re-reads it when it changes', async () => {
    const text = restPolicy('            <Item Key="ServiceUrl">https://{</Item>');
    const uri = client.open(path.join(dir, 'Settings.xml'), text);
    const at = positionAfter(text, 'https://{');
    assert.ok((await complete(uri, at)).includes('{Settings:ApiUrl}'));
    fs.writeFileSync(path.join(dir, 'appsettings.json'), appSettings(['ApiUrl', 'ApiKeyName']));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(path.join(dir, 'appsettings.json')).toString(), type: 2 }] });
    const deadline = Date.now() + 10_000;
    let got = await complete(uri, at);
    while (!got.includes('{Settings:ApiKeyName}') && Date.now() < deadline) got = await complete(uri, at);
    assert.ok(got.includes('{Settings:ApiKeyName}'));
    assert.deepEqual(client.failures(), []);
  });
});
