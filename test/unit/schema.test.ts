import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseXml } from '../../server/src/service/xml/parser';
import { validateStructure } from '../../server/src/service/features/schema/schemaValidation';
import { childSlots, schema } from '../../server/src/service/model/schemaModel';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';
import { pol } from '../helpers/schemaFixture';

function diagnose(text: string): Diagnostic[] {
  return validateStructure(parseXml(text), TextDocument.create('file:///p.xml', 'xml', 1, text));
}

/** Renders diagnostics as `line:col-line:col code severity message` lines (1-based). */
function render(text: string): string {
  return diagnose(text).map((d) => {
    const r = d.range;
    return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.code} ${d.severity === 1 ? 'error' : 'warning'} ${d.message}`;
  }).join('\n');
}

function xmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? xmlFiles(path.join(dir, e.name)) : e.name.endsWith('.xml') ? [path.join(dir, e.name)] : []);
}

const claim = (inner: string, attrs = ' Id="a"') => pol(`<BuildingBlocks><ClaimsSchema>\n<ClaimType${attrs}>${inner}</ClaimType>\n</ClaimsSchema></BuildingBlocks>`);
const step = (attrs: string) => pol(`<UserJourneys><UserJourney Id="j"><OrchestrationSteps>\n<OrchestrationStep${attrs} />\n</OrchestrationSteps></UserJourney></UserJourneys>`);

describe('schema model', () => {
  it('regenerating from the XSD reproduces the checked-in model', () => {
    const script = path.join(REPO_ROOT, 'scripts', 'compile-schema.mjs');
    const generated = execFileSync(process.execPath, [script, '--stdout'], { encoding: 'utf8' });
    const checkedIn = fs.readFileSync(path.join(REPO_ROOT, 'server/src/service/data/schemaModel.json'), 'utf8');
    assert.equal(generated, checkedIn, 'run `npm run compile-schema` and commit the result');
  });

  it('has the policy root and the TechnicalProfile children in schema order', () => {
    assert.equal(schema.roots.TrustFrameworkPolicy, 'TrustFrameworkPolicy');
    const names = childSlots('TechnicalProfile').map((s) => s.decl.name);
    const expected = ['DisplayName', 'Protocol', 'Metadata', 'CryptographicKeys', 'InputClaims', 'DisplayClaims', 'OutputClaims', 'ValidationTechnicalProfiles', 'UseTechnicalProfileForSessionManagement'];
    assert.deepEqual(names.filter((n) => expected.includes(n)), expected);
  });

  it('gives the members of a choice one shared order and makes none of them required', () => {
    const slots = childSlots('Restriction');
    assert.deepEqual(slots.map((s) => [s.decl.name, s.order, s.required]), [['Enumeration', 0, false], ['Pattern', 0, false]]);
  });

  it('applies the overlay', () => {
    const ji = schema.types.JourneyInsights.attributes ?? [];
    assert.ok(ji.some((a) => a.name === 'ConnectionString'));
    assert.ok(!ji.find((a) => a.name === 'InstrumentationKey')?.required);
    assert.ok(schema.simpleTypes.UserInterfaceControlType.enum?.includes('CaptchaControl'));
  });
});

describe('validateStructure', () => {
  it('reports nothing on any starter-pack file', () => {
    const files = xmlFiles(STARTERPACK);
    assert.ok(files.length >= 57);
    for (const f of files) {
      assert.equal(render(fs.readFileSync(f, 'utf8')), '', path.relative(STARTERPACK, f));
    }
  });

  it('ignores documents that are not policies, and accepts a prefixed root', () => {
    assert.equal(render('<root><Bogus/></root>'), '');
    const prefixed = '<tfp:TrustFrameworkPolicy xmlns:tfp="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t" PolicyId="p" PublicPolicyUri="u"><tfp:Bogus/></tfp:TrustFrameworkPolicy>';
    assert.equal(render(prefixed), "1:173-1:182 B801 error <Bogus> is not allowed inside <TrustFrameworkPolicy>. Elements allowed here: BasePolicy, PolicyConstraints, Contacts, DocumentReferences, BuildingBlocks, ClaimsProviders, UserJourneys, SubJourneys, RelyingParty.");
  });

  it('B801 unknown element', () => {
    assert.equal(render(claim('<DisplayName>A</DisplayName><Bogus/>')),
      '3:48-3:53 B801 error <Bogus> is not allowed inside <ClaimType>. Elements allowed here: DisplayName, DataType, DefaultPartnerClaimTypes, Mask, AdminHelpText, UserHelpText, UserInputType, Restriction, InputValidationReference, PredicateValidationReference.');
    assert.equal(render(claim('<DisplayName>A<b/></DisplayName>')),
      '3:34-3:35 B801 error <DisplayName> holds only text; the element <b> cannot appear inside it.');
    assert.equal(render(claim('<DisplayName>A</DisplayName>')), '');
  });

  it('B802 element out of order, with data naming the sibling it belongs before', () => {
    const text = claim('<DataType>string</DataType><DisplayName>A</DisplayName>');
    assert.equal(render(text), '3:47-3:58 B802 error <DisplayName> is out of order inside <ClaimType>: it must come before <DataType>.');
    assert.deepEqual(diagnose(text)[0].data, { element: 'DisplayName', before: 'DataType', beforeStart: text.indexOf('<DataType>') });
    assert.equal(render(claim('<DisplayName>A</DisplayName><DataType>string</DataType>')), '');
  });

  it('B803 missing required child', () => {
    assert.equal(render(pol('<BuildingBlocks><ClaimsSchema></ClaimsSchema></BuildingBlocks>')),
      '2:18-2:30 B803 error <ClaimsSchema> must contain a <ClaimType> element.');
    assert.equal(render(pol('<BasePolicy><TenantId>t</TenantId></BasePolicy>')), '2:2-2:12 B803 error <BasePolicy> must contain a <PolicyId> element.');
    assert.equal(render(pol('<BasePolicy><TenantId>t</TenantId><PolicyId>p</PolicyId></BasePolicy>')), '');
    // A choice does not make its members required: an empty Restriction passes.
    assert.equal(render(claim('<Restriction></Restriction>')), '');
  });

  it('B804 missing required attribute', () => {
    assert.equal(render(claim('', '')), '3:2-3:11 B804 error <ClaimType> requires the attribute \'Id\'.');
    assert.equal(render(step(' Order="1"')), "3:2-3:19 B804 error <OrchestrationStep> requires the attribute 'Type'.");
    assert.equal(render(step(' Order="1" Type="SendClaims"')), '');
  });

  it('B805 wrong enumeration value, on attributes and on element text', () => {
    assert.equal(render(step(' Order="1" Type="SendClaim"')),
      "3:36-3:45 B805 error 'SendClaim' is not a valid value for 'Type'. Use one of: ConsentScreen, ClaimsProviderSelection, CombinedSignInAndSignUp, ClaimsExchange, ReviewScreen, SendClaims, GetClaims, UserDialog, InvokeSubJourney, Noop.");
    assert.equal(render(claim('<DataType> strin </DataType>')),
      "3:30-3:35 B805 error 'strin' is not a valid value for <DataType>. Use one of: boolean, date, dateTime, duration, int, long, string, stringCollection, alternativeSecurityIdCollection, userIdentityCollection, userIdentity, phoneNumber, objectIdentityCollection, objectIdentity.");
    assert.equal(render(claim('<DataType>string</DataType>')), '');
    assert.equal(render(step(' Order="1" Type="InvokeSubJourney"')), '');
  });

  it('B806 too many occurrences, reported on the extra element only', () => {
    assert.equal(render(claim('<DisplayName>A</DisplayName><DisplayName>B</DisplayName>')),
      '3:48-3:59 B806 error <DisplayName> may appear only once inside <ClaimType>.');
  });

  it('B807 unknown attribute is a warning; namespace attributes are fine', () => {
    assert.equal(render(claim('', ' Id="a" Colour="red"')), "3:19-3:25 B807 warning 'Colour' is not a known attribute of <ClaimType>; B2C may reject or ignore it.");
    assert.equal(render(claim('', ' Id="a" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="x"')), '');
  });

  it('accepts what the overlay adds: JourneyInsights with a connection string, CAPTCHA and future display controls', () => {
    const rp = pol('<RelyingParty><DefaultUserJourney ReferenceId="j" /><UserJourneyBehaviors>\n<JourneyInsights TelemetryEngine="ApplicationInsights" ConnectionString="InstrumentationKey=x" DeveloperMode="true" />\n</UserJourneyBehaviors></RelyingParty>');
    assert.equal(render(rp), '');
    const controls = (type: string) => pol(`<BuildingBlocks><DisplayControls><DisplayControl Id="c" UserInterfaceControlType="${type}" /></DisplayControls></BuildingBlocks>`);
    assert.equal(render(controls('CaptchaControl')), '');
    assert.equal(render(controls('SomeFutureControl')), '');
  });

  it('keeps going after recovery from half-typed XML without throwing', () => {
    assert.doesNotThrow(() => diagnose(pol('<BuildingBlocks><ClaimsSchema><ClaimType Id="a"><Data')));
  });
});
