import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixture, policy } from '../helpers/fixture';
import { at, claimsProviders, claimsSchema, diags, messages, profile } from '../helpers/rules';

const B5 = /^B5\d\d$/;
const tps = claimsProviders(...['A', 'B', 'C', 'Issuer'].map((id) => profile({ id, protocol: '<Protocol Name="None" />', outputs: ['objectId'] })));

/** Steps as `order:type:exchanges:targets`, e.g. `1:CombinedSignInAndSignUp::XA,XB`. */
function steps(spec: string[]): string {
  return spec.map((s) => {
    const [order, type, exchanges, targets] = s.split(':');
    const issuer = type === 'SendClaims' ? ' CpimIssuerTechnicalProfileReferenceId="Issuer"' : '';
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
