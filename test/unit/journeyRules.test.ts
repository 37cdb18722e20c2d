import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixture, policy } from '../helpers/fixture';
import { at, claimsProviders, claimsSchema, diags, messages, profile } from '../helpers/rules';
import { runnableIndex } from '../helpers/runner';
import { doValidation } from '../../server/src/service/languageService';

const B5 = /^B5\d\d$/;
const tps = claimsProviders(...['A', 'B', 'C', 'Issuer'].map((id) => profile({ id, protocol: '<Protocol Name="None" />', outputs: ['objectId'] })));

/** Steps as `order:type:exchanges:targets`, e.g. `1:CombinedSignInAndSignUp::XA,XB`. */
function steps(spec: string[]): string {
  return spec.map((s) => {
    const [order, spelled, exchanges, targets] = s.split(':');
    // 'SendClaims!' is a SendClaims step that names no issuer.
    const type = spelled.replace(/!$/, '');
    const issuer = spelled === 'SendClaims' ? ' CpimIssuerTechnicalProfileReferenceId="Issuer"' : '';
    const sel = targets ? `\n          <ClaimsProviderSelections>\n${targets.split(',').map((t) => `            <ClaimsProviderSelection TargetClaimsExchangeId="${t}" />`).join('\n')}\n          </ClaimsProviderSelections>` : '';
    const ex = exchanges ? `\n          <ClaimsExchanges>\n${exchanges.split(',').map((e) => `            <ClaimsExchange Id="${e}" TechnicalProfileReferenceId="${e.slice(1)}" />`).join('\n')}\n          </ClaimsExchanges>` : '';
    return `        <OrchestrationStep Order="${order}" Type="${type}"${issuer}>${sel}${ex}\n        </OrchestrationStep>`;
  }).join('\n');
}

const journey = (kind: 'UserJourney' | 'SubJourney', id: string, spec: string[]) =>
  `    <${kind} Id="${id}"${kind === 'SubJourney' ? ' Type="Call"' : ''}>\n      <OrchestrationSteps>\n${steps(spec)}\n      </OrchestrationSteps>\n    </${kind}>`;
const single = (spec: string[], extra = '') => fixture(`<!-- file: /j/P.xml -->\n${policy('B2C_1A_P', `${claimsSchema('objectId')}\n${tps}\n  <UserJourneys>\n${journey('UserJourney', 'J', spec)}\n  </UserJourneys>${extra}`)}`);
const P = '/j/P.xml';
const good = ['1:CombinedSignInAndSignUp::XA,XB', '2:ClaimsExchange:XA,XB', '3:ClaimsExchange:XC', '4:SendClaims'];

interface Case { readonly name: string; readonly broken: string[]; readonly expect: ReadonlyArray<readonly [string, string, number?]> }
const cases: Case[] = [
  { name: 'two steps with the same Order', broken: ['1:CombinedSignInAndSignUp::XA,XB', '2:ClaimsExchange:XA,XB', '2:ClaimsExchange:XC', '3:SendClaims'],
    expect: [['Order="2" Type="ClaimsExchange">\n          <ClaimsExchanges>\n            <ClaimsExchange Id="XC"', 'B501', 7]] },
  { name: 'a gap in the Orders', broken: ['1:CombinedSignInAndSignUp::XA,XB', '2:ClaimsExchange:XA,XB', '4:ClaimsExchange:XC', '5:SendClaims'], expect: [['"4"', 'B502', 1]] },
  { name: 'Orders that do not start at 1', broken: ['2:CombinedSignInAndSignUp::XA,XB', '3:ClaimsExchange:XA,XB', '4:ClaimsExchange:XC', '5:SendClaims'], expect: [['"2"', 'B502', 1]] },
  { name: 'an Order that is not a number', broken: ['1:CombinedSignInAndSignUp::XA,XB', '2:ClaimsExchange:XA,XB', 'three:ClaimsExchange:XC', '3:SendClaims'], expect: [['"three"', 'B502', 1]] },
  { name: 'a user journey that does not end with SendClaims', broken: good.slice(0, 3), expect: [['ClaimsExchange">\n          <ClaimsExchanges>\n            <ClaimsExchange Id="XC"', 'B503']] },
  { name: 'a selection target in an earlier step', broken: ['1:ClaimsExchange:XA', '2:ClaimsProviderSelection::XA,XB', '3:ClaimsExchange:XB', '4:SendClaims'], expect: [['"XA" />', 'B504', 1]] },
  { name: 'several exchanges without a selection step', broken: ['1:ClaimsExchange:XA,XB', '2:ClaimsExchange:XC', '3:SendClaims'], expect: [['ClaimsExchange">', 'B505']] },
  // troubleshoot.md: the previous step must be the selection step; one further back does not count.
  { name: 'several exchanges after a step that is not the selection step', broken: ['1:CombinedSignInAndSignUp::XA,XB', '2:ClaimsExchange:XC', '3:ClaimsExchange:XA,XB', '4:SendClaims'],
    expect: [['ClaimsExchange">\n          <ClaimsExchanges>\n            <ClaimsExchange Id="XA"', 'B505']] },
  // troubleshoot.md's example: a ClaimsProviderSelection right after a CombinedSignInAndSignUp.
  { name: 'a selection step followed by another selection step', broken: ['1:CombinedSignInAndSignUp::XA,XB', '2:ClaimsProviderSelection::XA,XB', '3:ClaimsExchange:XA,XB', '4:SendClaims'],
    expect: [['ClaimsProviderSelection">', 'B507']] },
  { name: 'a selection step followed by SendClaims', broken: ['1:ClaimsExchange:XC', '2:ClaimsProviderSelection::XA', '3:SendClaims', '4:ClaimsExchange:XA'],
    expect: [['SendClaims"', 'B507'], ['ClaimsExchange">\n          <ClaimsExchanges>\n            <ClaimsExchange Id="XA"', 'B506']] },
  { name: 'a SendClaims step without an issuer', broken: ['1:CombinedSignInAndSignUp::XA,XB', '2:ClaimsExchange:XA,XB', '3:ClaimsExchange:XC', '4:SendClaims!'], expect: [['SendClaims">', 'B509']] },
];

describe('journey rules', () => {
  it('the well-formed journey is clean, schema included', () => {
    assert.deepEqual(diags(single(good), P, /^B[1-58]\d\d$/), []);
  });

  for (const c of cases) {
    it(`${c.name}: fires, and is silent once corrected`, () => {
      const f = single(c.broken);
      assert.deepEqual(diags(f, P, B5), c.expect.map(([n, code, shift]) => at(f, P, n, code, shift ?? 0)).sort());
    });
  }

  it('a sub journey need not end with SendClaims', () => {
    const f = single(good, `\n  <SubJourneys>\n${journey('SubJourney', 'S', ['1:ClaimsExchange:XA'])}\n  </SubJourneys>`);
    assert.deepEqual(diags(f, P, B5), []);
  });

  it('says which step has the choice and which step comes before it, in the service\'s terms', () => {
    assert.deepEqual(messages(single(cases[7].broken), P, 'B505'), [
      "User journey 'J' has step 3 with 2 claims exchanges, but the step before it (2, ClaimsExchange) is not a ClaimsProviderSelection or CombinedSignInAndSignUp step: "
      + 'the service needs the step right before to let the user choose which exchange runs ("It must be preceded by a claims provider selection").']);
  });

  it('the first step of a sub journey with a choice is information: whether the calling journey counts is not documented', () => {
    const f = single(good, `\n  <SubJourneys>\n${journey('SubJourney', 'S', ['1:ClaimsExchange:XA,XB'])}\n  </SubJourneys>`);
    const { file, xml } = f.files.get(f.uri(P))!;
    const d = doValidation({ file, xml, index: runnableIndex(f), options: {} }).filter((x) => x.code === 'B505');
    assert.deepEqual(d.map((x) => x.severity), [3]);
  });

  it('a journey with DefaultCpimIssuerTechnicalProfileReferenceId may leave the issuer out of SendClaims', () => {
    const f = single(['1:CombinedSignInAndSignUp::XA,XB', '2:ClaimsExchange:XA,XB', '3:SendClaims!']);
    const src = f.text(P).replace('<UserJourney Id="J">', '<UserJourney Id="J" DefaultCpimIssuerTechnicalProfileReferenceId="Issuer">');
    assert.deepEqual(diags(fixture(`<!-- file: /j/P.xml -->\n${src}`), P, B5), []);
  });

  it('says where the gap is', () => {
    assert.deepEqual(messages(single(cases[1].broken), P, 'B502'), ["The steps of 'J' jump from Order 2 to 4; Orders must run 1, 2, 3... without gaps."]);
  });

  it('judges an extension that overrides some steps on the journey merged by Order', () => {
    const src = (extSteps: string[]) => fixture(`<!-- file: /j/Base.xml -->
${policy('B2C_1A_Base', `${claimsSchema('objectId')}\n${tps}\n  <UserJourneys>\n${journey('UserJourney', 'J', good)}\n  </UserJourneys>`)}
<!-- file: /j/Ext.xml -->
${policy('B2C_1A_Ext', `  <UserJourneys>\n${journey('UserJourney', 'J', extSteps)}\n  </UserJourneys>`, 'B2C_1A_Base')}`);
    const partial = src(['3:ClaimsExchange:XB']);
    assert.deepEqual([...diags(partial, '/j/Base.xml', B5), ...diags(partial, '/j/Ext.xml', B5)], []);
    // A step after SendClaims deploys (Woodgrove runs its Application Insights step there): a hint only.
    const appended = src(['5:ClaimsExchange:XC']);
    assert.deepEqual(diags(appended, '/j/Base.xml', B5), []);
    assert.deepEqual(diags(appended, '/j/Ext.xml', B5), [at(appended, '/j/Ext.xml', 'ClaimsExchange">', 'B506')]);
    const replaced = src(['4:ClaimsExchange:XC']);
    assert.deepEqual(diags(replaced, '/j/Ext.xml', B5), [at(replaced, '/j/Ext.xml', 'ClaimsExchange">', 'B503')]);
    const gap = src(['6:SendClaims']);
    assert.deepEqual(diags(gap, '/j/Ext.xml', B5), [at(gap, '/j/Ext.xml', '"6"', 'B502', 1), at(gap, '/j/Ext.xml', 'SendClaims"', 'B506')]);
  });
});

describe('relying party without a DefaultUserJourney (B508)', () => {
  const base = policy('B2C_1A_Base', `${claimsSchema('objectId')}\n${tps}\n  <UserJourneys>\n${journey('UserJourney', 'J', good)}\n  </UserJourneys>`);
  const rp = (id: string, parent: string, inner: string) => policy(id, `  <RelyingParty>${inner}
    <TechnicalProfile Id="PolicyProfile">
      <DisplayName>PolicyProfile</DisplayName>
      <Protocol Name="OpenIdConnect" />
      <OutputClaims>
        <OutputClaim ClaimTypeReferenceId="objectId" PartnerClaimType="sub" />
      </OutputClaims>
      <SubjectNamingInfo ClaimType="sub" />
    </TechnicalProfile>
  </RelyingParty>`, parent);
  const B508 = /^B508$/;

  it('fires on the RelyingParty element, and is silent with one', () => {
    const f = fixture(`<!-- file: /r/Base.xml -->\n${base}\n<!-- file: /r/RP.xml -->\n${rp('B2C_1A_RP', 'B2C_1A_Base', '')}`);
    assert.deepEqual(diags(f, '/r/RP.xml', B508), [at(f, '/r/RP.xml', 'RelyingParty>', 'B508')]);
    const g = fixture(`<!-- file: /r/Base.xml -->\n${base}\n<!-- file: /r/RP.xml -->\n${rp('B2C_1A_RP', 'B2C_1A_Base', '\n    <DefaultUserJourney ReferenceId="J" />')}`);
    assert.deepEqual(diags(g, '/r/RP.xml', /^B5\d\d$/), []);
  });

  it('a base\'s RelyingParty may name it ("the policy or its parents"), and a file that a relying party with one extends is a part of it', () => {
    const f = fixture(`<!-- file: /r/Base.xml -->\n${base}
<!-- file: /r/Mid.xml -->\n${rp('B2C_1A_Mid', 'B2C_1A_Base', '\n    <DefaultUserJourney ReferenceId="J" />')}
<!-- file: /r/RP.xml -->\n${rp('B2C_1A_RP', 'B2C_1A_Mid', '')}`);
    assert.deepEqual([...diags(f, '/r/Mid.xml', B508), ...diags(f, '/r/RP.xml', B508)], []);
    const g = fixture(`<!-- file: /r/Base.xml -->\n${base}
<!-- file: /r/Mid.xml -->\n${rp('B2C_1A_Mid', 'B2C_1A_Base', '')}
<!-- file: /r/RP.xml -->\n${rp('B2C_1A_RP', 'B2C_1A_Mid', '\n    <DefaultUserJourney ReferenceId="J" />')}`);
    assert.deepEqual([...diags(g, '/r/Mid.xml', B508), ...diags(g, '/r/RP.xml', B508)], []);
  });
});
