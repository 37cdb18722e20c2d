/**
 * Quick fixes that offer choices: did-you-mean on B101 (Ids visible through the chain only), the ways out of
 * B202, and the missing Metadata item of B404. Each fix is applied and the file re-validated.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { Fixture, fixture, policy } from '../helpers/fixture';
import { claimsProviders, claimsSchema, diags, oidcProtocol, profile, rest, restProtocol, singleFile } from '../helpers/rules';
import { doValidation, getCodeActions } from '../../server/src/service/languageService';
import { runnableIndex } from '../helpers/runner';
import { documentContext } from '../../server/src/service/model/documentContext';
import { closestIds } from '../../server/src/service/features/codeActions/suggestedFixes';

const P = '/p/Policy.xml';

function actionsFor(f: Fixture, path: string, code: string): { actions: CodeAction[]; diagnostic: Diagnostic } {
  const { file, xml } = f.files.get(f.uri(path))!;
  // Rules judge what a relying party runs: the fixture gets runners (test/helpers/runner.ts).
  const ds = doValidation({ file, xml, index: runnableIndex(f), options: {} }).filter((d) => d.code === code);
  assert.ok(ds.length, `no ${code} in ${path}`);
  return { actions: getCodeActions(documentContext(file, xml), ds[0].range, [ds[0]], f.index), diagnostic: ds[0] };
}

function applied(f: Fixture, a: CodeAction): Fixture {
  const parts: string[] = [];
  for (const [uri, entry] of f.files) {
    const doc = TextDocument.create(uri, 'xml', 1, entry.text);
    parts.push(`<!-- file: ${uri.replace('file:///fixture', '')} -->\n${TextDocument.applyEdits(doc, a.edit?.changes?.[uri] ?? [])}`);
  }
  return fixture(parts.join('\n'));
}

const titles = (actions: CodeAction[]) => actions.map((a) => a.title);

describe('did you mean (B101)', () => {
  // Two sets in one workspace: the other set's claims must never be offered.
  const src = (ref: string) => fixture(`<!-- file: /a/TrustFrameworkBase.xml -->
${policy('B2C_1A_TrustFrameworkBase', claimsSchema('givenName', 'GivenNames', 'surname', 'displayName'))}
<!-- file: /a/SignUp.xml -->
${policy('B2C_1A_SignUp', claimsProviders(profile({ id: 'T', protocol: '<Protocol Name="None" />', outputs: [ref] })), 'B2C_1A_TrustFrameworkBase')}
<!-- file: /b/TrustFrameworkBase.xml -->
${policy('B2C_1A_TrustFrameworkBase', claimsSchema('givenNmaeX', 'givenNamf'))}`);

  it('offers the nearest Ids of the chain, best first and preferred, and fixes the reference', () => {
    const f = src('givenNmae');
    const { actions } = actionsFor(f, '/a/SignUp.xml', 'B101');
    const changes = actions.filter((a) => a.title.startsWith('Change to'));
    // 'GivenNames' is three edits away: past what looks like a typo of a 9-letter word. The other set's
    // 'givenNamf' is one edit away but not in this chain.
    assert.deepEqual(titles(changes), ["Change to 'givenName'"]);
    assert.deepEqual(changes.map((a) => a.isPreferred), [true]);
    assert.ok(titles(actions).some((t) => t.startsWith("Create the claim type 'givenNmae'")), 'creating the claim is still offered');
    const g = applied(f, changes[0]);
    assert.match(g.text('/a/SignUp.xml'), /<OutputClaim ClaimTypeReferenceId="givenName" \/>/);
    assert.deepEqual(diags(g, '/a/SignUp.xml', /^B1\d\d$/), []);
  });

  it('offers nothing that does not look like a typo', () => {
    const { actions } = actionsFor(src('loyaltyNumber'), '/a/SignUp.xml', 'B101');
    assert.deepEqual(titles(actions).filter((t) => t.startsWith('Change to')), []);
  });

  it('ranks by distance ignoring case, then by the case typed, at most three', () => {
    assert.deepEqual(closestIds('emial', ['email', 'Email', 'eMail', 'mail', 'objectId']), ['email', 'Email', 'eMail']);
    assert.deepEqual(closestIds('signInNmae', ['signInNames', 'SignInName', 'signInName']), ['signInName', 'SignInName']);
    assert.deepEqual(closestIds('displayNam', ['displayName', 'DisplayName', 'displayNames', 'displayNam1', 'x']), ['displayNam1', 'displayName', 'DisplayName']);
    assert.deepEqual(closestIds('abc', ['xyz']), []);
  });

  it('works for other kinds: a technical profile reference', () => {
    const f = fixture(`<!-- file: /p/Policy.xml -->\n${policy('B2C_1A_P', claimsSchema('email') + '\n' + claimsProviders(
      profile({ id: 'REST-GetProfile', protocol: '<Protocol Name="None" />' }),
      profile({ id: 'Caller', protocol: '<Protocol Name="None" />', includes: ['REST-GetProfil'] })))}`);
    const { actions } = actionsFor(f, P, 'B101');
    assert.equal(actions[0].title, "Change to 'REST-GetProfile'");
    assert.deepEqual(diags(applied(f, actions[0]), P, /^B1\d\d$/), []);
  });
});

describe('B202: an unauthenticated API in production', () => {
  it('offers each authentication type and AllowInsecureAuthInProduction, none preferred', () => {
    const f = fixture(singleFile([rest([])]));
    const { actions } = actionsFor(f, P, 'B202');
    assert.deepEqual(titles(actions), [
      'Set AuthenticationType to Basic', 'Set AuthenticationType to Bearer', 'Set AuthenticationType to ClientCertificate',
      'Set AuthenticationType to ApiKeyHeader', 'Set AllowInsecureAuthInProduction to true (only while the policy is in development)',
    ]);
    assert.ok(actions.every((a) => !a.isPreferred));
    // A type: B202 goes, and the type's own finding (its keys) comes with its own fix.
    const bearer = applied(f, actions[1]);
    assert.match(bearer.text(P), /<Item Key="AuthenticationType">Bearer<\/Item>/);
    assert.deepEqual(diags(bearer, P).filter((d) => d.endsWith('B202')), []);
    assert.ok(diags(bearer, P).some((d) => d.endsWith('B206')));
    const insecure = applied(f, actions[4]);
    assert.match(insecure.text(P), /<Item Key="AllowInsecureAuthInProduction">true<\/Item>/);
    // Allowed now: what is left is the one warning about the setting, which lets the call go unauthenticated.
    assert.deepEqual(diags(insecure, P).map((d) => d.split(' ')[1]).sort(), ['B203']);
  });

  it('replaces AuthenticationType None in place', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'None']])]));
    const g = applied(f, actionsFor(f, P, 'B202').actions[0]);
    assert.match(g.text(P), /<Item Key="AuthenticationType">Basic<\/Item>/);
    assert.doesNotMatch(g.text(P), />None</);
  });

  it('in an override of a base that sets no type, sets the type in the override', () => {
    const f = fixture(`<!-- file: /s/Base.xml -->
${policy('B2C_1A_Base', claimsSchema('email', 'objectId') + '\n' + claimsProviders(profile(rest([]))))}
<!-- file: /s/Ext.xml -->
${policy('B2C_1A_Ext', claimsProviders(profile({ id: 'REST-Api', meta: [['SendClaimsIn', 'Body']] })), 'B2C_1A_Base')}`);
    const { actions } = actionsFor(f, '/s/Ext.xml', 'B202');
    assert.deepEqual(Object.keys(actions[0].edit!.changes!), [f.uri('/s/Ext.xml')]);
    const g = applied(f, actions[0]);
    assert.match(g.text('/s/Ext.xml'), /<Item Key="SendClaimsIn">Body<\/Item>\n\s*<Item Key="AuthenticationType">Basic<\/Item>/);
    assert.deepEqual(diags(g, '/s/Ext.xml').filter((d) => d.endsWith('B202')), []);
  });
});

describe('B404: a required Metadata item is missing', () => {
  it('adds the item, empty, creating Metadata in schema order when there is none', () => {
    const f = fixture(singleFile([{ id: 'OIDC', protocol: oidcProtocol, outputs: ['objectId'] }]));
    const { actions } = actionsFor(f, P, 'B404');
    assert.equal(actions.length, 1);
    assert.match(actions[0].title, /^Add the Metadata item '(\w+)'$/);
    const key = /'(\w+)'/.exec(actions[0].title)![1];
    const g = applied(f, actions[0]);
    assert.match(g.text(P), new RegExp(`<Protocol Name="OpenIdConnect" />\\n {6}<Metadata>\\n {8}<Item Key="${key}"></Item>\\n {6}</Metadata>`));
    const before = diags(f, P).filter((d) => d.endsWith('B404')).length;
    assert.equal(diags(g, P).filter((d) => d.endsWith('B404')).length, before - 1);
    // Applied again for the next missing key: it goes into the Metadata that now exists.
    const h = applied(g, actionsFor(g, P, 'B404').actions[0]);
    assert.equal((h.text(P).match(/<Metadata>/g) ?? []).length, 1);
    assert.equal(diags(h, P).filter((d) => d.endsWith('B404')).length, before - 2);
  });

  it('B406 (a required key) has its add-the-key fix', () => {
    const f = fixture(singleFile([{ id: 'REST-Api', protocol: restProtocol, meta: [['ServiceUrl', 'https://x.contoso.com'], ['AuthenticationType', 'ClientCertificate']], inputs: ['email'] }]));
    const codes = diags(f, P).map((d) => d.split(' ')[1]);
    const code = codes.includes('B406') ? 'B406' : 'B205';
    const { actions } = actionsFor(f, P, code);
    assert.match(actions[0].title, /^Add the 'ClientCertificate' key/);
  });
});
