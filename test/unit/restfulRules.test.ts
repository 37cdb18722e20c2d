import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixture } from '../helpers/fixture';
import { Items, ProfileSpec, at, diags, messages, rest, singleFile } from '../helpers/rules';
import type { ValidationOptions } from '../../server/src/service/features/diagnostics/diagnostics';

const P = '/p/Policy.xml';
const B2 = /^B2\d\d$/;
const basicKeys: Items = [['BasicAuthenticationUsername', 'B2C_1A_RestUser'], ['BasicAuthenticationPassword', 'B2C_1A_RestPassword']];
const bearerKey: Items = [['BearerAuthenticationToken', 'B2C_1A_RestToken']];

interface Case {
  readonly name: string;
  readonly broken: ProfileSpec[];
  readonly fixed: ProfileSpec[];
  /** Where each expected diagnostic starts: [needle, code, shift]. */
  readonly expect: ReadonlyArray<readonly [string, string, number?]>;
  readonly mode?: string;
  readonly options?: ValidationOptions;
}

const cases: Case[] = [
  { name: 'None in a production policy', broken: [rest([['AuthenticationType', 'None']])], fixed: [rest([['AuthenticationType', 'Basic']], basicKeys)],
    expect: [['>None<', 'B202', 1]] },
  { name: 'no AuthenticationType at all (production by default)', broken: [rest([])], fixed: [rest([['AuthenticationType', 'Bearer']], bearerKey)],
    expect: [['REST-Api"', 'B202']] },
  { name: 'None in a development policy', mode: 'Development', broken: [rest([['AuthenticationType', 'None']])],
    fixed: [rest([['AuthenticationType', 'ApiKeyHeader']], [['x-functions-key', 'B2C_1A_FnKey']])], expect: [['>None<', 'B201', 1]] },
  { name: 'None with the settings defaulting to Development', options: { defaultDeploymentMode: 'Development' }, broken: [rest([['AuthenticationType', 'None']])],
    fixed: [rest([['AuthenticationType', 'ClientCertificate']], [['ClientCertificate', 'B2C_1A_RestCert']])], expect: [['>None<', 'B201', 1]] },
  { name: 'None allowed in production: a warning on the escape hatch', broken: [rest([['AuthenticationType', 'None'], ['AllowInsecureAuthInProduction', 'true']])],
    fixed: [rest([['AuthenticationType', 'Basic']], basicKeys)], expect: [['>true<', 'B203', 1]] },
  { name: 'None allowed in production, in a development policy: still the escape hatch only', mode: 'Development',
    broken: [rest([['AuthenticationType', 'None'], ['AllowInsecureAuthInProduction', 'true']])], fixed: [rest([['AuthenticationType', 'Basic']], basicKeys)], expect: [['>true<', 'B203', 1]] },
  { name: 'AllowInsecureAuthInProduction on Bearer does nothing and is not reported', broken: [rest([['AuthenticationType', 'None'], ['AllowInsecureAuthInProduction', 'true']])],
    fixed: [rest([['AuthenticationType', 'Bearer'], ['AllowInsecureAuthInProduction', 'true']], bearerKey)], expect: [['>true<', 'B203', 1]] },
  { name: 'Basic without the password key', broken: [rest([['AuthenticationType', 'Basic']], basicKeys.slice(0, 1))],
    fixed: [rest([['AuthenticationType', 'Basic']], basicKeys)], expect: [['>Basic<', 'B204', 1]] },
  { name: 'ClientCertificate without its key', broken: [rest([['AuthenticationType', 'ClientCertificate']])],
    fixed: [rest([['AuthenticationType', 'ClientCertificate']], [['ClientCertificate', 'B2C_1A_RestCert']])], expect: [['>ClientCertificate<', 'B205', 1]] },
  { name: 'Bearer without any token source', broken: [rest([['AuthenticationType', 'Bearer']])],
    fixed: [rest([['AuthenticationType', 'Bearer'], ['UseClaimAsBearerToken', 'accessToken']], [], { inputs: ['email', 'accessToken'] }), { id: 'Producer', protocol: '<Protocol Name="None" />', outputs: ['accessToken'] }],
    expect: [['>Bearer<', 'B206', 1]] },
  { name: 'bearer claim that is not an input claim and that nothing outputs', broken: [rest([['AuthenticationType', 'Bearer'], ['UseClaimAsBearerToken', 'accessToken']])],
    fixed: [rest([['AuthenticationType', 'Bearer'], ['UseClaimAsBearerToken', 'accessToken']], [], { inputs: ['accessToken'] }), { id: 'Producer', protocol: '<Protocol Name="None" />', outputs: ['accessToken'] }],
    expect: [['">accessToken</Item', 'B207', 2], ['">accessToken</Item', 'B208', 2]] },
  { name: 'ApiKeyHeader with two keys', broken: [rest([['AuthenticationType', 'ApiKeyHeader']], [['x-functions-key', 'B2C_1A_A'], ['x-other', 'B2C_1A_B']])],
    fixed: [rest([['AuthenticationType', 'ApiKeyHeader']], [['x-functions-key', 'B2C_1A_A']])], expect: [['>ApiKeyHeader<', 'B209', 1]] },
  { name: 'ApiKeyHeader whose key Id is not a header name', broken: [rest([['AuthenticationType', 'ApiKeyHeader']], [['x functions key', 'B2C_1A_A']])],
    fixed: [rest([['AuthenticationType', 'ApiKeyHeader']], [['x-functions-key', 'B2C_1A_A']])], expect: [['x functions key', 'B210']] },
  { name: 'Basic keys on a Bearer profile', broken: [rest([['AuthenticationType', 'Bearer']], [...bearerKey, ...basicKeys])],
    fixed: [rest([['AuthenticationType', 'Bearer']], bearerKey)], expect: [['BasicAuthenticationUsername', 'B211'], ['BasicAuthenticationPassword', 'B211']] },
  { name: 'an AuthenticationType that does not exist', broken: [rest([['AuthenticationType', 'Basik']], basicKeys)],
    fixed: [rest([['AuthenticationType', 'Basic']], basicKeys)], expect: [['>Basik<', 'B212', 1]] },
  { name: 'credentials over http://', broken: [rest([['ServiceUrl', 'http://api.contoso.com/x'], ['AuthenticationType', 'Basic']], basicKeys, { meta: [['ServiceUrl', 'http://api.contoso.com/x'], ['AuthenticationType', 'Basic']] })],
    fixed: [rest([['AuthenticationType', 'Basic']], basicKeys)], expect: [['http://api', 'B213']] },
  { name: 'http:// without credentials (development)', mode: 'Development', broken: [rest([], [], { meta: [['ServiceUrl', 'http://api.contoso.com/x'], ['AuthenticationType', 'None']] })],
    fixed: [rest([['AuthenticationType', 'Bearer']], bearerKey)], expect: [['http://api', 'B214'], ['>None<', 'B201', 1]] },
  { name: 'a relative ServiceUrl', broken: [rest([], bearerKey, { meta: [['ServiceUrl', 'api/check'], ['AuthenticationType', 'Bearer']] })],
    fixed: [rest([], bearerKey, { meta: [['ServiceUrl', 'https://{Settings:ApiHost}/api/check?email={email}'], ['AuthenticationType', 'Bearer']] })], expect: [['api/check', 'B215']] },
  { name: 'a payload claim that is not an input claim', broken: [rest([['AuthenticationType', 'Bearer'], ['ClaimUsedForRequestPayload', 'payload']], bearerKey)],
    fixed: [rest([['AuthenticationType', 'Bearer'], ['ClaimUsedForRequestPayload', 'payload']], bearerKey, { inputs: ['payload'] })], expect: [['">payload</Item', 'B216', 2]] },
  { name: 'a payload claim sent as a form', broken: [rest([['AuthenticationType', 'Bearer'], ['ClaimUsedForRequestPayload', 'payload'], ['SendClaimsIn', 'Form']], bearerKey, { inputs: ['payload'] })],
    fixed: [rest([['AuthenticationType', 'Bearer'], ['ClaimUsedForRequestPayload', 'payload'], ['SendClaimsIn', 'Body']], bearerKey, { inputs: ['payload'] })], expect: [['">payload</Item', 'B217', 2]] },
];

describe('RESTful rules', () => {
  for (const c of cases) {
    it(`${c.name}: fires, and is silent once corrected`, () => {
      const broken = fixture(singleFile(c.broken, { mode: c.mode }));
      const expected = c.expect.map(([needle, code, shift]) => at(broken, P, needle, code, shift ?? 0)).sort();
      assert.deepEqual(diags(broken, P, B2, c.options), expected);
      const fixed = fixture(singleFile(c.fixed, { mode: c.mode }));
      assert.deepEqual(diags(fixed, P, /^B[1-5]\d\d$/, c.options), []);
    });
  }

  it('fixtures are schema-valid policies', () => {
    for (const c of cases) {
      assert.deepEqual(diags(fixture(singleFile(c.fixed, { mode: c.mode })), P, /^B8/), [], c.name);
    }
  });

  it('names the missing key and lists the valid authentication types', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'Basic']], basicKeys.slice(1))]));
    assert.deepEqual(messages(f, P, 'B204'), ["With AuthenticationType 'Basic', the CryptographicKeys entry 'BasicAuthenticationUsername' is missing."]);
    const g = fixture(singleFile([rest([['AuthenticationType', 'Basik']], basicKeys)]));
    assert.deepEqual(messages(g, P, 'B212'), ["'Basik' is not an AuthenticationType. Use one of 'None', 'Basic', 'Bearer', 'ClientCertificate', 'ApiKeyHeader' (did you mean 'Basic'?)."]);
  });

  it('an unknown bearer claim is a B101 reference error, not a second RESTful diagnostic', () => {
    const f = fixture(singleFile([rest([['AuthenticationType', 'Bearer'], ['UseClaimAsBearerToken', 'nope']], [], { inputs: ['email'] })]));
    assert.deepEqual(diags(f, P, /^B(101|20[6-8])$/), [at(f, P, '>nope<', 'B101', 1), at(f, P, '>nope<', 'B207', 1), at(f, P, '>nope<', 'B208', 1)].sort());
  });
});
