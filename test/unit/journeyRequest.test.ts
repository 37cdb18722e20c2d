/**
 * Which relying party's merged journey "Show journey" shows (answerJourney), and where its CodeLens sits
 * (findJourneyLenses), on an inline set: a base with two UserJourneys, an extensions file, two relying parties
 * on one journey and one on the other, and a journey that no relying party runs. The model builder is a
 * recording stand-in here: these tests are about choosing the leaf, not about the model.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixture, policy } from '../helpers/fixture';
import { answerJourney, mapAnswerUris } from '../../server/src/service/journey/journeyRequest';
import { SHOW_JOURNEY_COMMAND, findJourneyLenses } from '../../server/src/service/journey/journeyLens';
import { JourneyModel } from '../../server/src/service/journey/types';

const journey = (id: string) => `<UserJourney Id="${id}"><OrchestrationSteps>
  <OrchestrationStep Order="1" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
</OrchestrationSteps></UserJourney>`;

const rp = (journeyId: string) => `<RelyingParty>
  <DefaultUserJourney ReferenceId="${journeyId}" />
  <TechnicalProfile Id="PolicyProfile"><DisplayName>PolicyProfile</DisplayName><Protocol Name="OpenIdConnect" /></TechnicalProfile>
</RelyingParty>`;

const f = fixture(`<!-- file: /set/Base.xml -->
${policy('B2C_1A_Base', `<ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles>
  <TechnicalProfile Id="JwtIssuer"><DisplayName>JWT</DisplayName></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>
<UserJourneys>
${journey('SignUpOrSignIn')}
${journey('ProfileEdit')}
${journey('NobodyRunsMe')}
</UserJourneys>`)}
<!-- file: /set/Ext.xml -->
${policy('B2C_1A_Ext', `<UserJourneys>
${journey('SignUpOrSignIn')}
</UserJourneys>`, 'B2C_1A_Base')}
<!-- file: /set/SignUpOrSignin.xml -->
${policy('B2C_1A_signup_signin', rp('SignUpOrSignIn'), 'B2C_1A_Ext')}
<!-- file: /set/SignUpOrSigninApp2.xml -->
${policy('B2C_1A_signup_signin_app2', rp('signuporsignin'), 'B2C_1A_Ext')}
<!-- file: /set/ProfileEdit.xml -->
${policy('B2C_1A_profileedit', rp('ProfileEdit'), 'B2C_1A_Ext')}
<!-- file: /orphan/Leaf.xml -->
${policy('B2C_1A_orphan', rp('SignUpOrSignIn'), 'B2C_1A_Missing')}
`);

const built: string[] = [];
const fake = (_i: unknown, leaf: string): JourneyModel => {
  built.push(leaf);
  return { leaf, findings: [] };
};
const u = (p: string) => f.uri(p);

describe('Show journey: which relying party', () => {
  it('from a relying-party file, merges its own DefaultUserJourney', () => {
    const a = answerJourney(f.index, { uri: u('/set/ProfileEdit.xml') }, fake)!;
    assert.equal(a.leaf, u('/set/ProfileEdit.xml'));
    assert.equal(a.model?.leaf, u('/set/ProfileEdit.xml'));
    assert.deepEqual(a.leaves, [{ uri: u('/set/ProfileEdit.xml'), policyId: 'B2C_1A_profileedit', journey: 'ProfileEdit' }]);
  });

  it('from a UserJourney that two relying parties run (Ids in any case), asks which; then merges the one picked', () => {
    const ask = answerJourney(f.index, { uri: u('/set/Base.xml'), journey: 'SignUpOrSignIn' }, fake)!;
    assert.equal(ask.leaf, undefined);
    assert.equal(ask.model, undefined);
    assert.deepEqual(ask.leaves.map((l) => l.policyId), ['B2C_1A_signup_signin', 'B2C_1A_signup_signin_app2']);
    const picked = answerJourney(f.index, { uri: u('/set/Base.xml'), journey: 'SignUpOrSignIn', leaf: u('/set/SignUpOrSigninApp2.xml') }, fake)!;
    assert.equal(picked.leaf, u('/set/SignUpOrSigninApp2.xml'));
    assert.equal(picked.model?.leaf, u('/set/SignUpOrSigninApp2.xml'));
  });

  it('from a UserJourney that one relying party runs, merges that one without asking', () => {
    const a = answerJourney(f.index, { uri: u('/set/Base.xml'), journey: 'profileedit' }, fake)!;
    assert.equal(a.leaf, u('/set/ProfileEdit.xml'));
  });

  it('finds the UserJourney around the cursor when no journey is named', () => {
    const text = f.text('/set/Base.xml');
    const a = answerJourney(f.index, { uri: u('/set/Base.xml'), offset: text.indexOf('ProfileEdit') + 3 }, fake)!;
    assert.equal(a.journeyId, 'ProfileEdit');
    assert.equal(a.leaf, u('/set/ProfileEdit.xml'));
  });

  it('says so, and builds nothing, for a journey no relying party runs', () => {
    built.length = 0;
    const a = answerJourney(f.index, { uri: u('/set/Base.xml'), journey: 'NobodyRunsMe' }, fake)!;
    assert.equal(a.model, undefined);
    assert.deepEqual(a.leaves, []);
    assert.match(a.message!, /No relying party in the workspace runs UserJourney NobodyRunsMe/);
    assert.deepEqual(built, []);
  });

  it('ignores a picked leaf that does not run the journey', () => {
    const a = answerJourney(f.index, { uri: u('/set/Base.xml'), journey: 'SignUpOrSignIn', leaf: u('/set/ProfileEdit.xml') }, fake)!;
    assert.equal(a.leaf, undefined);
    assert.equal(a.leaves.length, 2);
  });

  it('from the extensions file outside a journey, offers every leaf that extends it', () => {
    const a = answerJourney(f.index, { uri: u('/set/Ext.xml'), offset: 0 }, fake)!;
    assert.deepEqual(a.leaves.map((l) => l.policyId).sort(), ['B2C_1A_profileedit', 'B2C_1A_signup_signin', 'B2C_1A_signup_signin_app2']);
    assert.equal(a.leaf, undefined);
  });

  it('shows nothing for a relying party whose chain is incomplete, and says why', () => {
    const a = answerJourney(f.index, { uri: u('/orphan/Leaf.xml') }, fake)!;
    assert.equal(a.model, undefined);
    assert.match(a.message!, /chain of this file is incomplete/);
  });

  it('maps every uri and leaf of the answer to the client spelling', () => {
    const a = answerJourney(f.index, { uri: u('/set/ProfileEdit.xml') }, (_i, leaf) => ({ leaf, view: u('/set/Ext.xml'), findings: [{ code: 'B6', severity: 1, message: 'm', at: { uri: leaf, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } } }] }))!;
    const mapped = mapAnswerUris(a, (x) => x.replace('file:///fixture', 'file:///Client'));
    assert.equal(mapped.leaf, 'file:///Client/set/ProfileEdit.xml');
    assert.equal(mapped.model!.leaf, 'file:///Client/set/ProfileEdit.xml');
    assert.equal(mapped.model!.findings[0].at.uri, 'file:///Client/set/ProfileEdit.xml');
    assert.equal(mapped.leaves[0].uri, 'file:///Client/set/ProfileEdit.xml');
    assert.equal(mapped.model!.view, 'file:///Client/set/Ext.xml');
    // Nothing else is touched.
    assert.equal(mapped.leaves[0].policyId, 'B2C_1A_profileedit');
  });
});

describe('Show journey CodeLens', () => {
  it('sits on the RelyingParty start tag and on every UserJourney, naming the journey', () => {
    const base = f.files.get(u('/set/Base.xml'))!;
    const lenses = findJourneyLenses(base.file, 'file:///client/Base.xml');
    assert.deepEqual(lenses.map((l) => l.command?.arguments), [
      ['file:///client/Base.xml', { journey: 'SignUpOrSignIn' }], ['file:///client/Base.xml', { journey: 'ProfileEdit' }], ['file:///client/Base.xml', { journey: 'NobodyRunsMe' }],
    ]);
    const lines = base.text.split('\n');
    for (const l of lenses) {
      assert.equal(l.command?.title, 'Show journey');
      assert.equal(l.command?.command, SHOW_JOURNEY_COMMAND);
      assert.match(lines[l.range.start.line].slice(l.range.start.character), /^<UserJourney Id="/);
    }
    const leaf = f.files.get(u('/set/SignUpOrSignin.xml'))!;
    const [rpLens] = findJourneyLenses(leaf.file);
    assert.match(leaf.text.split('\n')[rpLens.range.start.line].slice(rpLens.range.start.character), /^<RelyingParty>/);
    assert.deepEqual(rpLens.command?.arguments, [u('/set/SignUpOrSignin.xml'), {}]);
  });

  it('places the lenses right in a CRLF file with a BOM (UTF-16 positions)', () => {
    const text = '\uFEFF' + policy('B2C_1A_crlf', `<!-- é 😀 -->\n<UserJourneys>\n  ${journey('J1')}\n</UserJourneys>\n${rp('J1')}`).replace(/\n/g, '\r\n');
    const g = fixture(`<!-- file: /crlf.xml -->\n${text}`);
    const lenses = findJourneyLenses(g.files.get(g.uri('/crlf.xml'))!.file);
    const lines = g.text('/crlf.xml').split('\r\n');
    assert.equal(lenses.length, 2);
    assert.match(lines[lenses[0].range.start.line].slice(lenses[0].range.start.character), /^<RelyingParty>/);
    assert.match(lines[lenses[1].range.start.line].slice(lenses[1].range.start.character), /^<UserJourney Id="J1">/);
  });

  it('places nothing in a file without a relying party or journey', () => {
    const g = fixture(`<!-- file: /x.xml -->\n${policy('B2C_1A_x', '<ClaimsProviders />')}`);
    assert.deepEqual(findJourneyLenses(g.files.get(g.uri('/x.xml'))!.file), []);
  });
});
