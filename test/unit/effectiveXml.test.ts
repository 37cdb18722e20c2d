/**
 * The effective technical profile and journey as XML (B2C: Show effective …): on Woodgrove and the starter pack,
 * every part is marked with the file and line it comes from, the merge is the one mergedProfile and the effective
 * model make (checked for every profile a relying party reaches), and the output is well-formed XML.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { effectiveModel } from '../../server/src/service/effective/effectiveModel';
import { effectiveJourneyXml, effectiveProfileXml, effectiveTargetAt, SourceOf } from '../../server/src/service/effective/effectiveXml';
import { XmlElement, getAttribute, parseXml } from '../../server/src/service/xml/parser';
import { CORPUS, corpusFixture } from '../helpers/corpusFixture';
import { Fixture, fixture, policy } from '../helpers/fixture';

const WG = 'woodgrove/Policies';
const filesOf = (set: string) => fs.readdirSync(path.join(CORPUS, set)).filter((f) => f.endsWith('.xml')).map((f) => `${set}/${f}`);
const sources = (f: Fixture): SourceOf => (uri) => f.files.get(uri);
const lineOf = (text: string, needle: string, from = 0) => text.slice(0, text.indexOf(needle, from)).split('\n').length;

/** Every element named `name` in a tree. */
function all(el: XmlElement | undefined, name: string, out: XmlElement[] = []): XmlElement[] {
  if (!el) return out;
  if (el.name === name) out.push(el);
  for (const c of el.children) all(c, name, out);
  return out;
}

/** The `file:line` the comment after an element names (the note on the same line, or the comment line before it). */
function noteOf(text: string, el: XmlElement): string {
  const after = text.slice(el.end, text.indexOf('\n', el.end));
  const m = /<!-- (?:[^,]*, )?([^ ,]+:\d+)/.exec(after);
  if (m) return m[1];
  const before = text.slice(text.lastIndexOf('<!--', el.start), el.start);
  return /<!-- (?:step \d+, )?([^ ,]+:\d+)/.exec(before)?.[1] ?? '';
}

describe('effective technical profile XML on Woodgrove', () => {
  const wg = corpusFixture(filesOf(WG));
  const model = effectiveModel(wg.index);
  const ext = wg.uri(`/${WG}/B2C_1A_ext.xml`);
  const rp = wg.uri(`/${WG}/B2C_1A_sign_up_sign_in_personal_LocalEmail.xml`);

  it('shows a base profile overridden in Extensions with each part\'s file and line', () => {
    const out = effectiveProfileXml(model, ext, 'LocalAccount-OpenIdConnect', sources(wg))!;
    const base = wg.text(`/${WG}/B2C_1A_base.xml`), extText = wg.text(`/${WG}/B2C_1A_ext.xml`);
    const baseDef = lineOf(base, '<TechnicalProfile Id="LocalAccount-OpenIdConnect">');
    const extDef = lineOf(extText, '<TechnicalProfile Id="LocalAccount-OpenIdConnect">');
    assert.match(out.text, new RegExp(`Defined in: B2C_1A_base.xml:${baseDef}, B2C_1A_ext.xml:${extDef}\n`));
    // The base's items first, the Extensions' client_id after them, each with its own source.
    const clientId = lineOf(extText, '<Item Key="client_id">', extText.indexOf('Id="LocalAccount-OpenIdConnect"'));
    assert.match(out.text, new RegExp(`<Item Key="client_id">ProxyIdentityExperienceFrameworkAppId</Item> <!-- B2C_1A_ext.xml:${clientId} -->`));
    const scope = lineOf(base, '<Item Key="scope">openid email</Item>', base.indexOf('Id="LocalAccount-OpenIdConnect"'));
    assert.match(out.text, new RegExp(`<Item Key="scope">openid email</Item> <!-- B2C_1A_base.xml:${scope} -->`));
    assert.ok(out.text.indexOf('Key="scope"') < out.text.indexOf('Key="client_id"'));
    // A base with 22 relying parties below: the header says whose view this is.
    assert.match(out.text, /This is this file's view: 22 relying parties run its chain\n/);
    assert.equal(out.view, ext);
  });

  it('resolves IncludeTechnicalProfile after the chain: an Extensions override of an included profile shows in the including one', () => {
    const out = effectiveProfileXml(model, rp, 'AAD-UserUpdateWithAlternativeSecurityIds', sources(wg))!;
    const extText = wg.text(`/${WG}/B2C_1A_ext.xml`);
    const appId = lineOf(extText, '<Item Key="ApplicationObjectId">');
    assert.match(out.text, new RegExp(`<Item Key="ApplicationObjectId">[^<]+</Item> <!-- B2C_1A_ext.xml:${appId}, from AzureActiveDirectoryStore-Common -->`));
    assert.match(out.text, /Includes: AzureActiveDirectoryStore-Common \(B2C_1A_base.xml:\d+, B2C_1A_ext.xml:\d+\)/);
    // The profile's own Operation, not the included one's.
    assert.match(out.text, /<Item Key="Operation">Write<\/Item> <!-- B2C_1A_base.xml:\d+ -->/);
    assert.doesNotMatch(out.text, /IncludeTechnicalProfile ReferenceId/);
  });

  it('agrees with mergedProfile on Metadata, keys and claims, and is well-formed, for every profile a relying party reaches', () => {
    const starter = corpusFixture(filesOf('starterpack/SocialAndLocalAccounts'));
    let checked = 0;
    for (const f of [wg, starter]) {
      const m = effectiveModel(f.index);
      for (const leaf of m.leaves()) {
        const plan = m.plan(leaf)!;
        for (const [key, reached] of [...plan.journeyReach.profiles, ...plan.profileReach.profiles]) {
          const view = reached.relyingParty ? leaf : plan.view;
          const out = effectiveProfileXml(m, view, key, sources(f))!;
          const xml = parseXml(out.text);
          assert.deepEqual(xml.problems.filter((p) => p.severity === 'error'), [], `${key} in ${view} is well-formed`);
          const merged = reached.merged;
          const where = (uri: string, start: number) => `${decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1))}:${f.index.get(uri)!.lines.positionAt(start).line + 1}`;
          const items = all(xml.root, 'Item').map((el) => `${getAttribute(el, 'Key')?.value.trim()} ${noteOf(out.text, el)}`);
          assert.deepEqual(items, [...merged.metadata].map(([k, s]) => `${k} ${where(s.uri, s.value.element.start)}`), `Metadata of ${key}`);
          const keys = all(xml.root, 'Key').filter((el) => getAttribute(el, 'Id')).map((el) => `${getAttribute(el, 'Id')!.value.toLowerCase()} ${noteOf(out.text, el)}`);
          assert.deepEqual(keys, [...merged.keys].map(([k, s]) => `${k} ${where(s.uri, s.value.element.start)}`), `keys of ${key}`);
          for (const [list, element] of [['inputClaims', 'InputClaim'], ['outputClaims', 'OutputClaim'], ['persistedClaims', 'PersistedClaim']] as const) {
            const claims = all(xml.root, element).map((el) => `${getAttribute(el, 'ClaimTypeReferenceId')?.value} ${noteOf(out.text, el)}`);
            assert.deepEqual(claims, merged[list].map((s) => `${s.value.id.value} ${where(s.uri, s.value.element.start)}`), `${list} of ${key}`);
          }
          checked++;
        }
      }
    }
    assert.ok(checked > 300, `${checked} merged profiles checked`);
  });
});

describe('effective journey XML', () => {
  it('writes the merged journey\'s steps in Order, each from the file that last defines it (CRLF and BOM sources)', () => {
    const step = (n: number, tp: string) => `        <OrchestrationStep Order="${n}" Type="ClaimsExchange">
          <ClaimsExchanges>
            <ClaimsExchange Id="Ex${n}" TechnicalProfileReferenceId="${tp}" />
          </ClaimsExchanges>
        </OrchestrationStep>`;
    const base = policy('B2C_1A_Base', `  <ClaimsProviders><ClaimsProvider><TechnicalProfiles>
    <TechnicalProfile Id="TP-A"><DisplayName>A</DisplayName></TechnicalProfile>
    <TechnicalProfile Id="TP-B"><DisplayName>B</DisplayName></TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
${step(1, 'TP-A')}
${step(2, 'TP-A')}
${step(3, 'TP-A')}
      </OrchestrationSteps>
      <ClientDefinition ReferenceId="DefaultWeb" />
    </UserJourney>
  </UserJourneys>`);
    const ext = policy('B2C_1A_Ext', `  <UserJourneys>
    <UserJourney Id="signin">
      <OrchestrationSteps>
${step(2, 'TP-B')}
      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>`, 'B2C_1A_Base');
    const f = fixture(`<!-- file: /set/Base.xml -->\n${base.replace(/\n/g, '\r\n')}<!-- file: /set/Ext.xml -->\n\uFEFF${ext.replace(/\n/g, '\r\n')}`);
    const model = effectiveModel(f.index);
    const out = effectiveJourneyXml(model, f.uri('/set/Ext.xml'), 'UserJourney', 'SignIn', sources(f))!;
    const steps = [...out.text.matchAll(/<!-- step (\d+), ([^ ]+) -->\n\s*<OrchestrationStep Order="\d+"[^>]*>\n[^\n]*\n\s*<ClaimsExchange Id="Ex\d" TechnicalProfileReferenceId="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const baseText = f.text('/set/Base.xml'), extText = f.text('/set/Ext.xml');
    const line = (t: string, n: number) => t.slice(0, t.indexOf(`Order="${n}"`)).split(/\r\n/).length;
    assert.deepEqual(steps, [`1 Base.xml:${line(baseText, 1)} TP-A`, `2 Ext.xml:${line(extText, 2)} TP-B`, `3 Base.xml:${line(baseText, 3)} TP-A`]);
    assert.equal(out.text.includes('\r'), false);
    assert.match(out.text, /<ClientDefinition ReferenceId="DefaultWeb" \/> <!-- Base.xml:\d+ -->\n<\/UserJourney>/);
    assert.ok(out.text.indexOf('</OrchestrationSteps>') < out.text.indexOf('<ClientDefinition'));
    assert.deepEqual(parseXml(out.text).problems, []);
    // The base's own view has its own step 2, and says that a file below defines the journey again.
    const fromBase = effectiveJourneyXml(model, f.uri('/set/Base.xml'), 'UserJourney', 'SignIn', sources(f))!;
    assert.match(fromBase.text, /Defined again below this file \(those files see another merge\):\n\s+Ext.xml:\d+\./);
    assert.equal((fromBase.text.match(/TechnicalProfileReferenceId="TP-A"/g) ?? []).length, 3);
    assert.deepEqual(fromBase.redefinedIn, [f.uri('/set/Ext.xml')]);
    assert.deepEqual(out.redefinedIn, []);
  });

  it('finds what to show at the cursor: the reference under it, else the definition around it', () => {
    const f = fixture(`<!-- file: /a.xml -->\n${policy('B2C_1A_A', `  <ClaimsProviders><ClaimsProvider><TechnicalProfiles>
    <TechnicalProfile Id="TP-A"><DisplayName>A$0</DisplayName></TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <UserJourneys><UserJourney Id="J"><OrchestrationSteps>
    <OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="E" TechnicalProfileReferenceId="TP-A" /></ClaimsExchanges></OrchestrationStep>
  </OrchestrationSteps></UserJourney></UserJourneys>`)}`);
    const uri = f.uri('/a.xml');
    const text = f.text('/a.xml');
    assert.deepEqual(effectiveTargetAt(f.index, uri, f.cursor!.offset), { kind: 'TechnicalProfile', id: 'TP-A' });
    const onRef = text.indexOf('TechnicalProfileReferenceId="TP-A"') + 30;
    assert.deepEqual(effectiveTargetAt(f.index, uri, onRef), { kind: 'TechnicalProfile', id: 'TP-A' });
    assert.deepEqual(effectiveTargetAt(f.index, uri, onRef, 'Journey'), { kind: 'UserJourney', id: 'J' });
    assert.equal(effectiveTargetAt(f.index, uri, f.cursor!.offset, 'Journey'), undefined);
    assert.equal(effectiveTargetAt(f.index, uri, 5), undefined);
  });

  it('names an included profile the chain does not define, and never fails on a source it cannot read', () => {
    const f = fixture(`<!-- file: /a.xml -->\n${policy('B2C_1A_A', `  <ClaimsProviders><ClaimsProvider><TechnicalProfiles>
    <TechnicalProfile Id="TP-A"><DisplayName>A</DisplayName><IncludeTechnicalProfile ReferenceId="Nowhere" /></TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>`)}`);
    const model = effectiveModel(f.index);
    const out = effectiveProfileXml(model, f.uri('/a.xml'), 'tp-a', sources(f))!;
    assert.match(out.text, /Included but not defined in this chain: Nowhere/);
    assert.match(out.text, /<TechnicalProfile Id="TP-A">\n  <DisplayName>A<\/DisplayName> <!-- a.xml:\d+ -->\n<\/TechnicalProfile>/);
    const unread = effectiveProfileXml(model, f.uri('/a.xml'), 'TP-A', () => undefined)!;
    assert.match(unread.text, /Could not be read \(the file changed or is not readable\): a.xml \(TP-A\)/);
    assert.equal(effectiveProfileXml(model, f.uri('/a.xml'), 'TP-Missing', sources(f)), undefined);
  });
});
