/**
 * The claim-flow walk (issue 12): minimal fixtures where each B6xx code fires with the right code at the right
 * step, and the cases where the service accepts the policy and we must stay silent (a DefaultValue, a claim
 * only maybe produced, an unresolved profile, a self-asserted page's pre-fill); plus `before` on real policies.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { MarkupContent } from 'vscode-languageserver-types';
import { doHover, doValidation, documentContext } from '../../server/src/service/languageService';
import { claimFlow } from '../../server/src/service/journey/claimFlow';
import { Fixture, fixture, policy } from '../helpers/fixture';
import { CORPUS, corpusFixture } from '../helpers/corpusFixture';

const AAD = 'Web.TPEngine.Providers.AzureActiveDirectoryProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';
const REST = 'Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';
const SELF = 'Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';
const CT = 'Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';

const claims = ['objectId', 'email', 'displayName', 'token', 'payload', 'other', 'copy'];
const schema = `<ClaimsSchema>${claims.map((c) => `<ClaimType Id="${c}"><DataType>string</DataType></ClaimType>`).join('')}</ClaimsSchema>`;

const aad = (id: string, inputs: string, outputs = '<OutputClaim ClaimTypeReferenceId="displayName" />') => `
    <TechnicalProfile Id="${id}">
      <Protocol Name="Proprietary" Handler="${AAD}" />
      <Metadata><Item Key="Operation">Read</Item></Metadata>
      <InputClaims>${inputs}</InputClaims>
      <OutputClaims>${outputs}</OutputClaims>
    </TechnicalProfile>`;
const self = (id: string, outputs: string, inputs = '') => `
    <TechnicalProfile Id="${id}">
      <Protocol Name="Proprietary" Handler="${SELF}" />
      <InputClaims>${inputs}</InputClaims>
      <OutputClaims>${outputs}</OutputClaims>
    </TechnicalProfile>`;
const rest = (id: string, meta: string, inputs: string, extra = '') => `
    <TechnicalProfile Id="${id}">
      <Protocol Name="Proprietary" Handler="${REST}" />
      <Metadata><Item Key="ServiceUrl">https://api.contoso.com/x</Item><Item Key="SendClaimsIn">Body</Item>${meta}</Metadata>
      ${extra}
      <InputClaims>${inputs}</InputClaims>
      <OutputClaims><OutputClaim ClaimTypeReferenceId="other" /></OutputClaims>
    </TechnicalProfile>`;
const issuer = `
    <TechnicalProfile Id="JwtIssuer">
      <Protocol Name="OpenIdConnect" />
      <OutputTokenFormat>JWT</OutputTokenFormat>
      <CryptographicKeys><Key Id="issuer_secret" StorageReferenceId="B2C_1A_TokenSigningKeyContainer" /><Key Id="issuer_refresh_token_key" StorageReferenceId="B2C_1A_TokenEncryptionKeyContainer" /></CryptographicKeys>
    </TechnicalProfile>`;

const step = (order: number, profile: string, pre = '') =>
  `<OrchestrationStep Order="${order}" Type="ClaimsExchange">${pre}<ClaimsExchanges><ClaimsExchange Id="X${order}" TechnicalProfileReferenceId="${profile}" /></ClaimsExchanges></OrchestrationStep>`;
const send = (order: number) => `<OrchestrationStep Order="${order}" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />`;
const skipIf = (claim: string) => `<Preconditions><Precondition Type="ClaimsExist" ExecuteActionsIf="true"><Value>${claim}</Value><Action>SkipThisOrchestrationStep</Action></Precondition></Preconditions>`;

/** A base with the profiles and one journey J of `steps`, and relying parties (name → OutputClaims / InputClaims). */
function set(profiles: string, steps: string, rps: Record<string, { out?: string; in?: string }> = { RP: {} }, extra = ''): Fixture {
  const base = policy('B2C_1A_Base', `
  <BuildingBlocks>${schema}${extra}</BuildingBlocks>
  <ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles>${profiles}${issuer}
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <UserJourneys><UserJourney Id="J"><OrchestrationSteps>${steps}</OrchestrationSteps></UserJourney></UserJourneys>`);
  let src = `<!-- file: /base.xml -->\n${base}\n`;
  for (const [name, rp] of Object.entries(rps)) {
    src += `<!-- file: /${name}.xml -->\n${policy(`B2C_1A_${name}`, `
  <RelyingParty>
    <DefaultUserJourney ReferenceId="J" />
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
      <InputClaims>${rp.in ?? ''}</InputClaims>
      <OutputClaims>${rp.out ?? '<OutputClaim ClaimTypeReferenceId="displayName" DefaultValue="" />'}</OutputClaims>
      <SubjectNamingInfo ClaimType="sub" />
    </TechnicalProfile>
  </RelyingParty>`, 'B2C_1A_Base')}\n`;
  }
  return fixture(src);
}

/** `file:line code message` of the B6xx diagnostics of every file. */
function flow(f: Fixture): string[] {
  const out: string[] = [];
  for (const [uri, { file, xml }] of f.files) {
    for (const d of doValidation({ file, xml, index: f.index, options: {} })) {
      if (/^B6/.test(String(d.code))) out.push(`${uri.replace('file:///fixture/', '')}:${d.range.start.line + 1} ${d.code} ${d.message}`);
    }
  }
  return out.sort();
}

const lineOf = (f: Fixture, p: string, needle: string) => { const t = f.text(p); return t.slice(0, t.indexOf(needle)).split('\n').length; };

describe('claim flow: B601 input claim that no earlier step outputs', () => {
  it('fires on the Azure AD profile\'s InputClaim, with the service\'s wording and the step number', () => {
    const f = set(self('Page', '<OutputClaim ClaimTypeReferenceId="email" />') + aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" />'),
      step(1, 'Page') + step(2, 'Page') + step(3, 'Read') + send(4));
    assert.deepEqual(flow(f), [
      `base.xml:${lineOf(f, '/base.xml', '<InputClaim ClaimTypeReferenceId="objectId" />')} B601 Claim type "objectId" is the input claim of technical profile "Read" in step "3" of user journey "J" but it is not an output claim in any of the previous steps.`,
    ]);
  });

  it('is silent when an earlier step outputs the claim, even one a precondition may skip (maybe available)', () => {
    const f = set(self('Page', '<OutputClaim ClaimTypeReferenceId="objectId" />') + aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" />'),
      step(1, 'Page', skipIf('email')) + step(2, 'Read') + send(3));
    assert.deepEqual(flow(f), []);
    const m = claimFlow(f.index, f.uri('/RP.xml'))!.model;
    assert.deepEqual(m.journey!.steps[1].before, [{ claim: 'objectId', availability: 'maybe' }]);
    assert.deepEqual(m.journey!.steps[0].before, []);
  });

  it('fires when the only producer comes after the step', () => {
    const f = set(self('Page', '<OutputClaim ClaimTypeReferenceId="objectId" />') + aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" />'),
      step(1, 'Read') + step(2, 'Page') + send(3));
    assert.equal(flow(f).filter((d) => d.includes('B601') && d.includes('step "1"')).length, 1);
  });

  it('a DefaultValue satisfies the input claim; so does the profile\'s own InputClaimsTransformation', () => {
    const t = `<ClaimsTransformations><ClaimsTransformation Id="Copy" TransformationMethod="CopyClaim">
      <InputClaims><InputClaim ClaimTypeReferenceId="email" TransformationClaimType="inputClaim" /></InputClaims>
      <OutputClaims><OutputClaim ClaimTypeReferenceId="copy" TransformationClaimType="outputClaim" /></OutputClaims></ClaimsTransformation></ClaimsTransformations>`;
    const read = aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" DefaultValue="x" /><InputClaim ClaimTypeReferenceId="copy" />')
      .replace('<InputClaims>', '<InputClaimsTransformations><InputClaimsTransformation ReferenceId="Copy" /></InputClaimsTransformations><InputClaims>');
    const f = set(self('Page', '<OutputClaim ClaimTypeReferenceId="email" />') + read, step(1, 'Page') + step(2, 'Read') + send(3), undefined, t);
    assert.deepEqual(flow(f), []);
  });

  it('the relying party\'s InputClaims count as produced before step 1', () => {
    const f = set(aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" />'), step(1, 'Read') + send(2), { RP: { in: '<InputClaim ClaimTypeReferenceId="objectId" />' } });
    assert.deepEqual(flow(f), []);
  });

  it('says nothing after a step whose profile does not resolve (it might produce the claim)', () => {
    const f = set(aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" />'), step(1, 'NoSuchProfile') + step(2, 'Read') + send(3));
    assert.deepEqual(flow(f), []);
  });

  it('does not judge a self-asserted page\'s InputClaims (they pre-fill it)', () => {
    const f = set(self('Page', '<OutputClaim ClaimTypeReferenceId="displayName" />', '<InputClaim ClaimTypeReferenceId="email" />'), step(1, 'Page') + send(2));
    assert.deepEqual(flow(f), []);
  });

  it('reports once, "in 1 of the 2 relying parties" when only one leaf lacks the claim', () => {
    const f = set(aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" />'), step(1, 'Read') + send(2),
      { RPA: { in: '<InputClaim ClaimTypeReferenceId="objectId" />' }, RPB: {} });
    const found = flow(f);
    assert.equal(found.length, 1);
    assert.match(found[0], /^base\.xml:\d+ B601 .*\(in 1 of the 2 relying parties that run it: B2C_1A_RPB\)$/);
  });

  it('sub journeys: a claim produced inside one counts for the steps after it, and the parent\'s for the steps inside', () => {
    const base = (inner: string, outer: string) => policy('B2C_1A_Base', `
  <BuildingBlocks>${schema}</BuildingBlocks>
  <ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles>
    ${self('Page', '<OutputClaim ClaimTypeReferenceId="objectId" />')}${aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" />')}${issuer}
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <UserJourneys><UserJourney Id="J"><OrchestrationSteps>${outer}</OrchestrationSteps></UserJourney></UserJourneys>
  <SubJourneys><SubJourney Id="S" Type="Call"><OrchestrationSteps>${inner}</OrchestrationSteps></SubJourney></SubJourneys>`);
    const rp = policy('B2C_1A_RP', '<RelyingParty><DefaultUserJourney ReferenceId="J" /><TechnicalProfile Id="P"><Protocol Name="OpenIdConnect" /><OutputClaims><OutputClaim ClaimTypeReferenceId="objectId" /></OutputClaims></TechnicalProfile></RelyingParty>', 'B2C_1A_Base');
    const invoke = (o: number) => `<OrchestrationStep Order="${o}" Type="InvokeSubJourney"><JourneyList><Candidate SubJourneyReferenceId="S" /></JourneyList></OrchestrationStep>`;
    const ok1 = fixture(`<!-- file: /base.xml -->\n${base(step(1, 'Page'), invoke(1) + step(2, 'Read') + send(3))}\n<!-- file: /rp.xml -->\n${rp}\n`);
    assert.deepEqual(flow(ok1), []);
    const ok2 = fixture(`<!-- file: /base.xml -->\n${base(step(1, 'Read'), step(1, 'Page') + invoke(2) + send(3))}\n<!-- file: /rp.xml -->\n${rp}\n`);
    assert.deepEqual(flow(ok2), []);
    const bad = fixture(`<!-- file: /base.xml -->\n${base(step(1, 'Read'), invoke(1) + step(2, 'Page') + send(3))}\n<!-- file: /rp.xml -->\n${rp}\n`);
    const found = flow(bad);
    assert.equal(found.length, 1);
    assert.match(found[0], /B601 Claim type "objectId" is the input claim of technical profile "Read" in step "1" of sub journey "S"/);
    assert.deepEqual(claimFlow(bad.index, bad.uri('/rp.xml'))!.model.findings[0].stepPath, [1, 1]);
  });
});

describe('claim flow: B602 relying-party output claim never produced', () => {
  it('fires on the relying party\'s OutputClaim when no step outputs it and it has no default', () => {
    const f = set(self('Page', '<OutputClaim ClaimTypeReferenceId="email" />'), step(1, 'Page') + send(2),
      { RP: { out: '<OutputClaim ClaimTypeReferenceId="email" /><OutputClaim ClaimTypeReferenceId="displayName" /><OutputClaim ClaimTypeReferenceId="other" DefaultValue="" />' } });
    assert.deepEqual(flow(f), [
      `RP.xml:${lineOf(f, '/RP.xml', 'ClaimTypeReferenceId="displayName"')} B602 Claim type "displayName" is the output claim of the relying party's technical profile, but it is not an output claim in any of the steps of user journey "J".`,
    ]);
  });

  it('a claim produced only by a skippable step still counts; an unresolved step silences it', () => {
    const ok = set(self('Page', '<OutputClaim ClaimTypeReferenceId="email" />'), step(1, 'Page', skipIf('objectId')) + send(2), { RP: { out: '<OutputClaim ClaimTypeReferenceId="email" />' } });
    assert.deepEqual(flow(ok), []);
    const unknown = set('', step(1, 'Missing') + send(2), { RP: { out: '<OutputClaim ClaimTypeReferenceId="email" />' } });
    assert.deepEqual(flow(unknown), []);
  });
});

describe('claim flow: B603 / B604 RESTful bearer-token and payload claims', () => {
  it('B603 on UseClaimAsBearerToken when no earlier step produces the token claim', () => {
    const f = set(rest('Api', '<Item Key="AuthenticationType">Bearer</Item><Item Key="UseClaimAsBearerToken">token</Item>', '<InputClaim ClaimTypeReferenceId="token" />'),
      step(1, 'Api') + send(2));
    assert.deepEqual(flow(f), [
      `base.xml:${lineOf(f, '/base.xml', '<Item Key="UseClaimAsBearerToken">')} B603 The bearer-token claim 'token' of 'Api' is not produced by any step before step 1: the call fails at run time with AADB2C90194.`,
    ]);
  });

  it('B604 on ClaimUsedForRequestPayload; silent once an earlier step produces the claim', () => {
    const api = rest('Api', '<Item Key="AuthenticationType">None</Item><Item Key="AllowInsecureAuthInProduction">true</Item><Item Key="ClaimUsedForRequestPayload">payload</Item>', '<InputClaim ClaimTypeReferenceId="payload" />');
    const bad = set(api, step(1, 'Api') + send(2));
    assert.deepEqual(flow(bad).map((d) => d.split(' ')[1]), ['B604']);
    const ok = set(api + self('Page', '<OutputClaim ClaimTypeReferenceId="payload" />'), step(1, 'Page') + step(2, 'Api') + send(3));
    assert.deepEqual(flow(ok), []);
  });
});

describe('claim flow: information findings', () => {
  it('B606 for a RESTful InputClaim no earlier step outputs (the upload may not check this kind)', () => {
    const f = set(rest('Api', '<Item Key="AuthenticationType">None</Item><Item Key="AllowInsecureAuthInProduction">true</Item>', '<InputClaim ClaimTypeReferenceId="email" />'), step(1, 'Api') + send(2));
    const found = flow(f);
    assert.equal(found.length, 1);
    assert.match(found[0], /B606 Claim type "email" is the input claim of technical profile "Api" in step "1"/);
  });

  it('B605 for a claims transformation that reads a claim nothing produces before it', () => {
    const t = `<ClaimsTransformations><ClaimsTransformation Id="Copy" TransformationMethod="CopyClaim">
      <InputClaims><InputClaim ClaimTypeReferenceId="other" TransformationClaimType="inputClaim" /></InputClaims>
      <OutputClaims><OutputClaim ClaimTypeReferenceId="copy" TransformationClaimType="outputClaim" /></OutputClaims></ClaimsTransformation></ClaimsTransformations>`;
    const ct = `<TechnicalProfile Id="Calc"><Protocol Name="Proprietary" Handler="${CT}" />
      <OutputClaims><OutputClaim ClaimTypeReferenceId="copy" /></OutputClaims>
      <OutputClaimsTransformations><OutputClaimsTransformation ReferenceId="Copy" /></OutputClaimsTransformations></TechnicalProfile>`;
    const f = set(ct, step(1, 'Calc') + send(2), undefined, t);
    const found = flow(f);
    assert.equal(found.length, 1);
    assert.match(found[0], /^base\.xml:\d+ B605 The claims transformation 'Copy' of 'Calc' \(step 1 of user journey "J"\) reads 'other'/);
    assert.equal(Number(found[0].split(':')[1].split(' ')[0]), lineOf(f, '/base.xml', '<InputClaim ClaimTypeReferenceId="other"'));
  });
});

describe('claim flow on real policies', () => {
  it('Woodgrove LocalEmail: objectId is available before the Azure AD read step, maybe before the terms page', () => {
    const dir = 'woodgrove/Policies';
    const f = corpusFixture(fs.readdirSync(path.join(CORPUS, dir)).filter((x) => x.endsWith('.xml')).map((x) => `${dir}/${x}`));
    const m = claimFlow(f.index, f.uri(`/${dir}/B2C_1A_sign_up_sign_in_personal_LocalEmail.xml`))!.model;
    assert.deepEqual(m.findings, []);
    const steps = m.journey!.steps;
    assert.deepEqual(steps[0].before, [], 'nothing before step 1 (the relying party takes no InputClaims)');
    for (const s of steps.slice(1)) assert.ok(s.before!.length >= steps[steps.indexOf(s) - 1].before!.length, 'claims only accumulate');
    const read = steps.find((s) => s.exchanges.some((e) => e.profileId === 'AzureActiveDirectoryStore-ReadUserByObjectId-ThrowIfNotExists'))!;
    assert.ok(read.before!.some((b) => b.claim === 'objectId'));
    const send = steps.find((s) => s.type === 'SendClaims')!;
    assert.ok(send.before!.some((b) => b.claim === 'displayName'));
  });
});

describe('hover on a claim reference inside a profile: its claim flow per relying party', () => {
  const hoverText = (f: Fixture) => {
    const c = f.cursor!;
    const { file, xml } = f.files.get(c.uri)!;
    const h = doHover(documentContext(file, xml), c.position, f.index);
    return h ? (h.contents as MarkupContent).value : '';
  };

  it('says where the claim is produced and consumed, and that it goes into the token', () => {
    const f = set(self('Page', '<OutputClaim ClaimTypeReferenceId="objectId" />') + aad('Read', '<InputClaim ClaimTypeReferenceId="obj$0ectId" />'),
      step(1, 'Page', skipIf('email')) + step(2, 'Page') + step(3, 'Read') + send(4), { RP: { out: '<OutputClaim ClaimTypeReferenceId="objectId" />' } });
    const text = hoverText(f);
    assert.match(text, /\*\*objectId\*\* — claim type/, 'the reference hover comes first');
    assert.match(text, /\*\*B2C_1A_RP\*\*: this profile runs in step 3; maybe available from step 1 \(Page\) \(the step may not run\), also produced by step 2; consumed by step 3; sent in the token\./);
  });

  it('groups relying parties with the same story, and is plain reference hover where no relying party runs the profile', () => {
    const f = set(aad('Read', '<InputClaim ClaimTypeReferenceId="obj$0ectId" />') + aad('Unused', '<InputClaim ClaimTypeReferenceId="objectId" />'), step(1, 'Read') + send(2),
      { RPA: { in: '<InputClaim ClaimTypeReferenceId="objectId" />' }, RPB: { in: '<InputClaim ClaimTypeReferenceId="objectId" />' } });
    assert.match(hoverText(f), /\*\*B2C_1A_RPA, B2C_1A_RPB\*\*: this profile runs in step 1; in the request; consumed by step 1\./);
    const g = set(aad('Read', '<InputClaim ClaimTypeReferenceId="objectId" />') + aad('Unused', '<InputClaim ClaimTypeReferenceId="obj$0ectId" />'), step(1, 'Read') + send(2));
    const plain = hoverText(g);
    assert.match(plain, /\*\*objectId\*\* — claim type/);
    assert.doesNotMatch(plain, /Claim flow/);
  });
});

describe('claim flow: a claim type that is not defined', () => {
  it('is B101\'s to report: no B602 or B601 on a misspelt claim', () => {
    const f = set(aad('Read', '<InputClaim ClaimTypeReferenceId="objectIdd" />'), step(1, 'Read') + send(2),
      { RP: { out: '<OutputClaim ClaimTypeReferenceId="givenNmae" />' } });
    assert.deepEqual(flow(f), []);
  });
});
