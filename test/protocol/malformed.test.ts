/**
 * The real-world malformed pattern: a placeholder such as <yourtenant> left in element text or in an
 * attribute value. Each gives one clear parse diagnostic on the placeholder, and the rest of the file
 * still navigates (definition on a reference after the bad spot lands in the base).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, LocationLink, Position } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { LspClient, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';

const SET = path.join(STARTERPACK, 'SocialAndLocalAccounts');
const read = (f: string) => fs.readFileSync(path.join(SET, f), 'utf8').replace(/^\uFEFF/, '');
const positionOf = (text: string, needle: string, shift = 0): Position => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not found`);
  return TextDocument.create('file:///x', 'xml', 0, text).positionAt(i + shift);
};
const slice = (text: string, d: Diagnostic) => {
  const doc = TextDocument.create('file:///x', 'xml', 0, text);
  return text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end));
};

const extension = read('TrustFrameworkExtensions.xml');
const SAMPLES: Record<string, string> = {
  'element text': extension.replace('<TenantId>yourtenant.onmicrosoft.com</TenantId>', '<TenantId><yourtenant>.onmicrosoft.com</TenantId>'),
  'a URL in element text': extension.replace('<Item Key="ClaimsEndpoint">https://graph.facebook.com/me?',
    '<Item Key="ClaimsEndpoint">https://graph.facebook.com/<yourtenant>/me?'),
  'attribute value': extension.replace('PublicPolicyUri="http://yourtenant.onmicrosoft.com/B2C_1A_TrustFrameworkExtensions"',
    'PublicPolicyUri="http://<yourtenant>.onmicrosoft.com/B2C_1A_TrustFrameworkExtensions"'),
  'the root start tag': extension.replace('PublicPolicyUri="http://yourtenant.onmicrosoft.com/B2C_1A_TrustFrameworkExtensions"',
    '<yourtenant> PublicPolicyUri="http://yourtenant.onmicrosoft.com/B2C_1A_TrustFrameworkExtensions"'),
};

describe('placeholders like <yourtenant> left in a policy', () => {
  let client: LspClient;
  before(async () => {
    client = start({ rootPath: SET });
    await client.initialize();
    await client.indexed();
  });
  after(() => client.shutdown());

  for (const [where, text] of Object.entries(SAMPLES)) {
    it(`in ${where}: one parse diagnostic on the placeholder, and the rest still navigates`, async () => {
      assert.notEqual(text, extension);
      const uri = client.open(URI.file(path.join(SET, 'TrustFrameworkExtensions.xml')).toString(), text, 1);
      const diagnostics = await client.diagnostics(uri, 1);
      const errors = diagnostics.filter((d) => d.severity === 1 || d.severity === 2);
      assert.deepEqual(errors.map((d) => `${d.code} ${slice(text, d)}`), ['B100 <yourtenant>'], JSON.stringify(errors, null, 1));
      assert.match(String(errors[0].message), /placeholder/);
      const links = await client.request<LocationLink[]>('textDocument/definition', {
        textDocument: { uri }, position: positionOf(text, 'ClaimTypeReferenceId="client_id"', 24),
      });
      const base = read('TrustFrameworkBase.xml');
      assert.deepEqual(links.map((l) => [path.basename(URI.parse(l.targetUri).fsPath), l.targetSelectionRange.start]),
        [['TrustFrameworkBase.xml', positionOf(base, '<ClaimType Id="client_id"', 15)]]);
      client.close(uri);
      assert.deepEqual(client.failures(), []);
    });
  }
});
