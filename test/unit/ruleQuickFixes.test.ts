import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { Fixture, fixture, policy } from '../helpers/fixture';
import { claimsProviders, claimsSchema, diags, profile, rest, singleFile } from '../helpers/rules';
import { runnableIndex } from '../helpers/runner';
import { doValidation, getCodeActions, renumberSteps } from '../../server/src/service/languageService';
import { documentContext } from '../../server/src/service/model/documentContext';

const P = '/p/Policy.xml';

function validate(f: Fixture, path: string): Diagnostic[] {
  const { file, xml } = f.files.get(f.uri(path))!;
  return doValidation({ file, xml, index: runnableIndex(f), options: {} });
}

function actionsFor(f: Fixture, path: string, code: string): CodeAction[] {
  const { file, xml } = f.files.get(f.uri(path))!;
  const ds = validate(f, path).filter((d) => d.code === code);
  assert.ok(ds.length, `no ${code} in ${path}`);
  return getCodeActions(documentContext(file, xml), ds[0].range, ds, f.index);
}

function applyTo(text: string, uri: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'xml', 1, text), [...edits]);
}

/** Applies a code action's edit to every file it touches and re-indexes, returning the new fixture source. */
function applied(f: Fixture, a: CodeAction): Fixture {
  const parts: string[] = [];
  for (const [uri, entry] of f.files) {
    const edits = a.edit?.changes?.[uri] ?? [];
    parts.push(`<!-- file: ${uri.replace('file:///fixture', '')} -->\n${applyTo(entry.text, uri, edits)}`);
  }
  return fixture(parts.join('\n'));
}

function fixOnce(f: Fixture, path: string, code: string, title?: RegExp): Fixture {
  const actions = actionsFor(f, path, code).filter((a) => !title || title.test(a.title));
  assert.equal(actions.length >= 1, true, `${code}: no action`);
  return applied(f, actions[0]);
}

describe('rule quick fixes', () => {
  it('escapes what XML needs and writes the file\'s own line ends in a created claim type', () => {
    for (const nl of ['\n', '\r\n']) {
      const src = `<!-- file: /c/TrustFrameworkBase.xml -->
${policy('B2C_1A_TrustFrameworkBase', claimsSchema('email'))}
<!-- file: /c/TrustFrameworkExtensions.xml -->
${policy('B2C_1A_TrustFrameworkExtensions', claimsSchema('city'), 'B2C_1A_TrustFrameworkBase')}
<!-- file: /c/SignUp.xml -->
${policy('B2C_1A_SignUp', claimsProviders(profile({ id: 'T', protocol: '<Protocol Name="None" />' })).replace('<Protocol', "<OutputClaims><OutputClaim ClaimTypeReferenceId='a\"b&amp;c' /></OutputClaims><Protocol"), 'B2C_1A_TrustFrameworkExtensions')}`;
      const f = fixture(src.replace(/\r?\n/g, nl));
      const [a] = actionsFor(f, '/c/SignUp.xml', 'B101');
      const g = applied(f, a);
      const ext = g.text('/c/TrustFrameworkExtensions.xml');
      assert.match(ext, /<ClaimType Id="a&quot;b&amp;c">/);
      assert.match(ext, /<DisplayName>a&quot;b&amp;c<\/DisplayName>/);
      const inserted = a.edit!.changes![f.uri('/c/TrustFrameworkExtensions.xml')].map((e) => e.newText).join('');
      assert.equal(inserted.split(nl).length, 5, JSON.stringify(inserted));
      if (nl === '\r\n') assert.equal(inserted.replace(/\r\n/g, '').includes('\n'), false, 'no lone LF in a CRLF file');
      assert.deepEqual(diags(g, '/c/TrustFrameworkExtensions.xml', /^B1\d\d$/), []);
    }
  });

  it('adds the missing keys of the authentication type, creating CryptographicKeys in schema order', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'Basic']])]));
    const g = fixOnce(f, P, 'B204');
    assert.match(g.text(P), /<\/Metadata>\n {6}<CryptographicKeys>\n {8}<Key Id="BasicAuthenticationUsername" StorageReferenceId="B2C_1A_RESTApiBasicAuthenticationUsername" \/>\n/);
    // The first fix added the first missing key; the second run adds the other one into the existing container.
    const h = fixOnce(g, P, 'B204');
    assert.deepEqual(diags(h, P, /^B[2-58]\d\d$/), []);
  });

  it('adds a header key example for ApiKeyHeader', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'ApiKeyHeader']])]));
    const g = fixOnce(f, P, 'B209');
    assert.match(g.text(P), /<Key Id="x-functions-key" StorageReferenceId="B2C_1A_RESTApixfunctionskey" \/>/);
    assert.deepEqual(diags(g, P, /^B[2-58]\d\d$/), []);
  });

  it('switches http:// to https://', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'Bearer']], [['BearerAuthenticationToken', 'B2C_1A_T']], { meta: [['ServiceUrl', 'http://api.contoso.com/x'], ['AuthenticationType', 'Bearer']] })]));
    const g = fixOnce(f, P, 'B213');
    assert.match(g.text(P), />https:\/\/api\.contoso\.com\/x</);
    assert.deepEqual(diags(g, P), []);
  });

  it('fixes a mistyped key, a wrongly cased key and a wrong value to the nearest valid one', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'Bearr'], ['SendClaimsIn', 'Boddy'], ['DebugMod', 'true'], ['sendclaimsin', 'Body']], [['BearerAuthenticationToken', 'B2C_1A_T']])]));
    let g = fixOnce(f, P, 'B212');
    g = fixOnce(g, P, 'B403');
    g = fixOnce(g, P, 'B401');
    g = fixOnce(g, P, 'B402');
    assert.match(g.text(P), />Bearer</);
    assert.match(g.text(P), /"SendClaimsIn">Body</);
    assert.match(g.text(P), /"DebugMode">true</);
    assert.equal((g.text(P).match(/Key="SendClaimsIn"/g) ?? []).length, 2);
  });

  it('moves a plain-text secret into a policy key', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'Bearer'], ['Authorization', 'Bearer abcdefghijkl']])]));
    const g = fixOnce(f, P, 'B310');
    // The value is kept where the user sees it, in a comment that says what to do with it (issue 16).
    assert.match(g.text(P), /\n {8}<!-- Create the policy key 'B2C_1A_RESTApiBearerAuthenticationToken' with this value, then delete this comment: Bearer abcdefghijkl -->\n/);
    assert.doesNotMatch(g.text(P), /Key="Authorization"/);
    assert.match(g.text(P), /<Key Id="BearerAuthenticationToken" StorageReferenceId="B2C_1A_RESTApiBearerAuthenticationToken" \/>/);
    assert.deepEqual(diags(g, P, /^B[2-58]\d\d$/), []);
  });

  it('prefixes a policy key name with B2C_1A_', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'Bearer']], [['BearerAuthenticationToken', 'RestToken']])]));
    assert.match(fixOnce(f, P, 'B311').text(P), /StorageReferenceId="B2C_1A_RestToken"/);
  });

  it('renumbers the steps of a journey this file alone defines, through renumberSteps too', () => {
    const step = (o: string, t: string) => `        <OrchestrationStep Order="${o}" Type="${t}"${t === 'SendClaims' ? ' CpimIssuerTechnicalProfileReferenceId="Issuer"' : ''}>${t === 'ClaimsExchange' ? `\n          <ClaimsExchanges>\n            <ClaimsExchange Id="X${o}" TechnicalProfileReferenceId="Issuer" />\n          </ClaimsExchanges>\n        ` : ''}</OrchestrationStep>`;
    const body = `${claimsSchema('objectId')}\n${claimsProviders(profile({ id: 'Issuer', protocol: '<Protocol Name="None" />' }))}\n  <UserJourneys>\n    <UserJourney Id="J">\n      <OrchestrationSteps>\n${[step('1', 'ClaimsExchange'), step('3', 'ClaimsExchange'), step('3', 'ClaimsExchange'), step('7', 'SendClaims')].join('\n')}\n      </OrchestrationSteps>\n    </UserJourney>\n  </UserJourneys>`;
    const f = fixture(`<!-- file: /p/Policy.xml -->\n${policy('B2C_1A_P', body)}`);
    const g = fixOnce(f, P, 'B501');
    assert.deepEqual((g.text(P).match(/Order="\d+"/g) ?? []), ['Order="1"', 'Order="2"', 'Order="3"', 'Order="4"']);
    assert.deepEqual(diags(g, P, /^B5\d\d$/), []);
    const { file, xml } = f.files.get(f.uri(P))!;
    const edit = renumberSteps(documentContext(file, xml));
    assert.equal(applyTo(f.text(P), f.uri(P), edit.changes![f.uri(P)]), g.text(P));
  });

  it('creates a missing claim type in the extensions file of the chain', () => {
    const src = (ext: string) => fixture(`<!-- file: /c/TrustFrameworkBase.xml -->
${policy('B2C_1A_TrustFrameworkBase', claimsSchema('email'))}
<!-- file: /c/TrustFrameworkExtensions.xml -->
${policy('B2C_1A_TrustFrameworkExtensions', ext, 'B2C_1A_TrustFrameworkBase')}
<!-- file: /c/SignUp.xml -->
${policy('B2C_1A_SignUp', claimsProviders(profile({ id: 'T', protocol: '<Protocol Name="None" />', outputs: ['loyaltyId'] })), 'B2C_1A_TrustFrameworkExtensions')}`);
    for (const ext of [claimsSchema('city'), '']) {
      const f = src(ext);
      const [a] = actionsFor(f, '/c/SignUp.xml', 'B101');
      assert.deepEqual(Object.keys(a.edit!.changes!), [f.uri('/c/TrustFrameworkExtensions.xml')]);
      const g = applied(f, a);
      assert.match(g.text('/c/TrustFrameworkExtensions.xml'), /<ClaimType Id="loyaltyId">/);
      assert.deepEqual(diags(g, '/c/SignUp.xml', /^B1\d\d$/), []);
      assert.deepEqual(diags(g, '/c/TrustFrameworkExtensions.xml', /^B[18]\d\d$/), [], ext ? 'appended' : 'containers created');
    }
  });
});
