/**
 * The journey model (issue 12): a relying party's merged journey as the service runs it, checked against an
 * independent merge of the same policies built with xmldom (steps by Order along the chain, a derived file's
 * step replacing the base's), on Woodgrove and the starter pack; and on small fixtures for sub journeys,
 * preconditions, transformations, validation profiles and display controls.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser, Element } from '@xmldom/xmldom';
import { buildJourneyModel } from '../../server/src/service/journey/journeyModel';
import { JourneyModel } from '../../server/src/service/journey/types';
import { effectiveModel } from '../../server/src/service/effective/effectiveModel';
import { CORPUS, corpusFixture, corpusText } from '../helpers/corpusFixture';
import { fixture, policy } from '../helpers/fixture';

const WG = 'woodgrove/Policies';
const filesOf = (dir: string) => fs.readdirSync(path.join(CORPUS, dir)).filter((f) => f.endsWith('.xml')).map((f) => `${dir}/${f}`);

function children(el: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === name) out.push(n as Element);
  return out;
}
function descendants(el: Element, name: string): Element[] {
  return Array.from(el.getElementsByTagNameNS('*', name)) as Element[];
}

const DOMS = new Map<string, ReturnType<DOMParser['parseFromString']>>();
function domOf(rel: string): ReturnType<DOMParser['parseFromString']> {
  let d = DOMS.get(rel);
  if (!d) DOMS.set(rel, d = new DOMParser().parseFromString(corpusText(rel), 'text/xml'));
  return d;
}

/** `order type profile,profile issuer` of a journey merged along the chain (base first), from xmldom. */
function independentSteps(chain: readonly string[], journeyId: string): string[] {
  const byOrder = new Map<number, string>();
  for (const rel of chain) {
    const doc = domOf(rel);
    for (const j of descendants(doc.documentElement as unknown as Element, 'UserJourney')) {
      if (j.getAttribute('Id')?.toLowerCase() !== journeyId.toLowerCase()) continue;
      const seen = new Set<number>();
      for (const steps of children(j, 'OrchestrationSteps')) {
        for (const s of children(steps, 'OrchestrationStep')) {
          const order = Number(s.getAttribute('Order'));
          if (seen.has(order)) continue;
          seen.add(order);
          const profiles = descendants(s, 'ClaimsExchange').map((x) => x.getAttribute('TechnicalProfileReferenceId')).join(',');
          byOrder.set(order, `${order} ${s.getAttribute('Type')} ${profiles} ${s.getAttribute('CpimIssuerTechnicalProfileReferenceId') ?? ''}`.trim());
        }
      }
    }
  }
  return [...byOrder.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

function modelSteps(m: JourneyModel): string[] {
  return m.journey!.steps.map((s) => `${s.order} ${s.type} ${s.exchanges.map((e) => e.profileId).join(',')} ${s.cpimIssuer?.profileId ?? ''}`.trim());
}

/** The chain of a fixture file, base first, as corpus-relative paths. */
function chainRel(f: ReturnType<typeof corpusFixture>, uri: string): string[] {
  return [...f.index.chain(uri).uris].reverse().map((u) => decodeURIComponent(u.replace('file:///fixture/', '')));
}

describe('journey model on Woodgrove', () => {
  const wg = corpusFixture(filesOf(WG));
  const leaf = wg.uri(`/${WG}/B2C_1A_sign_up_sign_in_personal_LocalEmail.xml`);

  it('B2C_1A_sign_up_sign_in_personal_LocalEmail: the steps are exactly the merged journey\'s steps, in order', () => {
    const m = buildJourneyModel(wg.index, leaf)!;
    assert.equal(m.defaultJourneyId, 'SignUpOrSignInWithPersonalAccount-LocalEmail');
    assert.equal(m.journey!.id, 'SignUpOrSignInWithPersonalAccount-LocalEmail');
    const want = independentSteps(chainRel(wg, leaf), 'SignUpOrSignInWithPersonalAccount-LocalEmail');
    assert.ok(want.length >= 10, 'the journey has its steps');
    assert.deepEqual(modelSteps(m), want);
    assert.equal(m.journey!.complete, true);
    assert.equal(m.policyId, 'B2C_1A_sign_up_sign_in_personal_local_email');
  });

  it('every relying party\'s model matches the independent merge', () => {
    const model = effectiveModel(wg.index, '');
    assert.equal(model.leaves().length, 22);
    for (const l of model.leaves()) {
      const m = buildJourneyModel(wg.index, l)!;
      assert.ok(m.journey, `${l} has its journey`);
      assert.deepEqual(modelSteps(m), independentSteps(chainRel(wg, l), m.defaultJourneyId!), l);
    }
  });

  it('exchanges carry the merged profile\'s claims, preconditions and kinds; the relying party its token claims', () => {
    const m = buildJourneyModel(wg.index, leaf)!;
    const tos = m.journey!.steps.find((s) => s.exchanges.some((e) => e.profileId === 'SelfAsserted-Account-TermsOfServiceConsent'))!;
    assert.deepEqual(tos.preconditions.map((p) => [p.type, p.executeActionsIf, p.claim, p.value, p.action]), [
      ['ClaimsExist', true, 'newUser', undefined, 'SkipThisOrchestrationStep'],
      ['ClaimEquals', true, 'termsOfServiceConsentRequired', 'False', 'SkipThisOrchestrationStep'],
    ]);
    const ex = tos.exchanges[0];
    assert.equal(ex.profileKind, 'self-asserted');
    assert.ok(ex.produces.some((c) => c.claim === 'extension_AgreedToTermsOfService' && c.via === 'OutputClaim'));
    assert.deepEqual(ex.validations!.map((v) => v.profileId), ['AzureActiveDirectoryStore-WriteUserConsentByObjectId-ThrowIfNotExists']);
    assert.ok(tos.consumes.some((c) => c.via === 'Precondition' && c.claim === 'newUser'));
    const send = m.journey!.steps.find((s) => s.type === 'SendClaims')!;
    assert.equal(send.cpimIssuer!.profileId, 'JwtIssuer');
    assert.ok(send.cpimIssuer!.profileAt, 'the issuer resolves');
    const rp = m.relyingParty!;
    assert.equal(rp.profileId, 'RelyingParty-SignUpOrSignInWithPersonalAccount-LocalEmail');
    assert.ok(rp.outputClaims.some((c) => c.claim === 'trustFrameworkPolicy' && c.defaultValue));
    assert.ok(rp.outputClaims.some((c) => c.via === 'SubjectNamingInfo'));
    // JSON-safe: the model survives a round trip unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  });

  it('is cached per leaf while the index is unchanged', () => {
    assert.equal(buildJourneyModel(wg.index, leaf), buildJourneyModel(wg.index, leaf));
  });

  it('is undefined for a file that is not a relying party', () => {
    assert.equal(buildJourneyModel(wg.index, wg.uri(`/${WG}/B2C_1A_base.xml`)), undefined);
  });
});

describe('journey model on the starter pack', () => {
  for (const set of ['SocialAndLocalAccountsWithMfa', 'LocalAccounts']) {
    it(`${set}: every relying party's steps match the independent merge`, () => {
      const f = corpusFixture(filesOf(`starterpack/${set}`));
      const leaves = effectiveModel(f.index, '').leaves();
      assert.equal(leaves.length, 3);
      for (const l of leaves) {
        const m = buildJourneyModel(f.index, l)!;
        assert.deepEqual(modelSteps(m), independentSteps(chainRel(f, l), m.defaultJourneyId!), l);
        assert.equal(m.journey!.complete, true, l);
      }
    });
  }

  it('SocialAndLocalAccounts sign-up: Facebook produces through its output transformations; the local page through its validation profile', () => {
    const f = corpusFixture(filesOf('starterpack/SocialAndLocalAccounts'));
    const m = buildJourneyModel(f.index, f.uri('/starterpack/SocialAndLocalAccounts/SignUpOrSignin.xml'))!;
    const fb = m.journey!.steps.flatMap((s) => s.exchanges).find((e) => e.profileId === 'Facebook-OAUTH')!;
    assert.equal(fb.profileKind, 'oauth2');
    assert.ok(fb.produces.some((c) => c.claim === 'alternativeSecurityId' && c.via === 'OutputClaimsTransformation:CreateAlternativeSecurityId'));
    const signup = m.journey!.steps.flatMap((s) => s.exchanges).find((e) => e.profileId === 'LocalAccountSignUpWithLogonEmail')!;
    assert.ok(signup.validations!.some((v) => v.profileId === 'AAD-UserWriteUsingLogonEmail' && v.produces.some((c) => c.claim === 'objectId')));
    assert.equal(signup.sessionManagement, 'SM-AAD');
    assert.ok(signup.produces.some((c) => c.conditional && c.via === 'SessionManagement:SM-AAD'));
  });
});

describe('journey model on fixtures', () => {
  const base = policy('B2C_1A_Base', `
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="a"><DataType>string</DataType></ClaimType>
      <ClaimType Id="b"><DataType>string</DataType></ClaimType>
      <ClaimType Id="c"><DataType>string</DataType></ClaimType>
    </ClaimsSchema>
    <ClaimsTransformations>
      <ClaimsTransformation Id="CopyAtoB" TransformationMethod="CopyClaim">
        <InputClaims><InputClaim ClaimTypeReferenceId="a" TransformationClaimType="inputClaim" /></InputClaims>
        <OutputClaims><OutputClaim ClaimTypeReferenceId="b" TransformationClaimType="outputClaim" /></OutputClaims>
      </ClaimsTransformation>
    </ClaimsTransformations>
    <DisplayControls>
      <DisplayControl Id="dc" UserInterfaceControlType="VerificationControl">
        <DisplayClaims><DisplayClaim ClaimTypeReferenceId="c" Required="true" /></DisplayClaims>
        <Actions><Action Id="SendCode"><ValidationClaimsExchange>
          <ValidationClaimsExchangeTechnicalProfile TechnicalProfileReferenceId="Rest" />
        </ValidationClaimsExchange></Action></Actions>
      </DisplayControl>
    </DisplayControls>
  </BuildingBlocks>
  <ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles>
    <TechnicalProfile Id="Rest">
      <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
      <InputClaimsTransformations><InputClaimsTransformation ReferenceId="CopyAtoB" /></InputClaimsTransformations>
      <InputClaims><InputClaim ClaimTypeReferenceId="b" /></InputClaims>
      <OutputClaims><OutputClaim ClaimTypeReferenceId="c" /></OutputClaims>
    </TechnicalProfile>
    <TechnicalProfile Id="Page">
      <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
      <DisplayClaims><DisplayClaim DisplayControlReferenceId="dc" /></DisplayClaims>
      <OutputClaims><OutputClaim ClaimTypeReferenceId="a" /></OutputClaims>
      <ValidationTechnicalProfiles>
        <ValidationTechnicalProfile ReferenceId="Rest" ContinueOnError="true">
          <Preconditions><Precondition Type="ClaimsExist" ExecuteActionsIf="false"><Value>a</Value><Action>SkipThisValidationTechnicalProfile</Action></Precondition></Preconditions>
        </ValidationTechnicalProfile>
      </ValidationTechnicalProfiles>
    </TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="J">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="InvokeSubJourney"><JourneyList><Candidate SubJourneyReferenceId="Sub" /></JourneyList></OrchestrationStep>
        <OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="Missing" />
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
  <SubJourneys>
    <SubJourney Id="Sub" Type="Call">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <Preconditions><Precondition Type="ClaimEquals" ExecuteActionsIf="true"><Value>a</Value><Value>x</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>
          <ClaimsExchanges><ClaimsExchange Id="PageExchange" TechnicalProfileReferenceId="Page" /></ClaimsExchanges>
        </OrchestrationStep>
      </OrchestrationSteps>
    </SubJourney>
  </SubJourneys>`);
  const rp = policy('B2C_1A_RP', `
  <RelyingParty>
    <DefaultUserJourney ReferenceId="J" />
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
      <InputClaims><InputClaim ClaimTypeReferenceId="a" /></InputClaims>
      <OutputClaims><OutputClaim ClaimTypeReferenceId="b" AlwaysUseDefaultValue="true" DefaultValue="" /></OutputClaims>
      <SubjectNamingInfo ClaimType="sub" />
    </TechnicalProfile>
  </RelyingParty>`, 'B2C_1A_Base');
  const src = `<!-- file: /base.xml -->\n${base}\n<!-- file: /rp.xml -->\n${rp}\n`;

  it('nests the sub journey and lists each part with its claims', () => {
    const f = fixture(src);
    const m = buildJourneyModel(f.index, f.uri('/rp.xml'))!;
    const [invoke, send] = m.journey!.steps;
    assert.equal(invoke.type, 'InvokeSubJourney');
    assert.equal(invoke.subJourney!.id, 'Sub');
    const inner = invoke.subJourney!.steps[0];
    assert.deepEqual(inner.preconditions.map((p) => [p.type, p.claim, p.value]), [['ClaimEquals', 'a', 'x']]);
    const page = inner.exchanges[0];
    assert.equal(page.profileKind, 'self-asserted');
    assert.deepEqual(page.produces.map((c) => `${c.claim} ${c.via}`), ['c DisplayControl:dc', 'a OutputClaim']);
    // The page's validation profile (behind a precondition, ContinueOnError) and the display control's action.
    assert.equal(page.validations!.length, 2);
    const v = page.validations!.find((x) => x.preconditions.length)!;
    assert.equal(v.continueOnError, true);
    assert.deepEqual(v.consumes.map((c) => `${c.claim} ${c.via}`), [
      'a ValidationTechnicalProfile:Rest/InputClaimsTransformation:CopyAtoB', 'b ValidationTechnicalProfile:Rest/InputClaim',
    ]);
    assert.ok(v.produces.every((c) => c.conditional));
    assert.deepEqual(v.produces.map((c) => c.claim), ['b', 'c']);
    // The issuer does not resolve: the journey is not complete, and says so.
    assert.equal(send.cpimIssuer!.profileId, 'Missing');
    assert.equal(send.cpimIssuer!.profileAt, undefined);
    assert.equal(m.journey!.complete, false);
    assert.equal(invoke.subJourney!.complete, true);
    assert.deepEqual(m.relyingParty!.inputClaims.map((c) => c.claim), ['a']);
    assert.deepEqual(m.relyingParty!.outputClaims.map((c) => `${c.claim} ${c.via} ${!!c.defaultValue}`), ['b OutputClaim true', 'sub SubjectNamingInfo false']);
  });

  it('gives the same positions on CRLF text (UTF-16 lines and characters)', () => {
    const f = fixture(src.replace(/\n/g, '\r\n'));
    const m = buildJourneyModel(f.index, f.uri('/rp.xml'))!;
    const lf = buildJourneyModel(fixture(src).index, fixture(src).uri('/rp.xml'))!;
    assert.deepEqual(m.journey!.steps.map((s) => s.at.range), lf.journey!.steps.map((s) => s.at.range));
  });
});
