/**
 * Ambiguous and broken chains: a stray candidate whose own chain is incomplete must not switch off reference
 * checking for the files that share its PolicyId, and B103 names the missing ancestor, not the file's own base.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyIndex, doValidation, parsePolicy } from '../../server/src/service/languageService';
import { decodeBytes } from '../../server/src/node/files';
import { Fixture, fixture, policy } from '../helpers/fixture';
import { SHARED } from '../helpers/paths';

const claims = (...ids: string[]) => `  <BuildingBlocks><ClaimsSchema>\n${ids.map((id) => `    <ClaimType Id="${id}"><DataType>string</DataType></ClaimType>`).join('\n')}\n  </ClaimsSchema></BuildingBlocks>`;
const uses = (...ids: string[]) => ids.map((id) => `  <X ClaimTypeReferenceId="${id}"/>`).join('\n');

function chainDiagnostics(f: Fixture, p: string): string[] {
  const { file, xml } = f.files.get(f.uri(p))!;
  return doValidation({ file, xml, index: f.index, options: {} }).filter((d) => String(d.code).startsWith('B1')).map((d) => `${d.code} ${d.message}`);
}

describe('ambiguous chains with broken candidates', () => {
  // The set's Extensions and a stray copy of it whose base is nowhere; relying parties live in their own folder.
  const makeLayout = (setBase = 'B2C_1A_Base', strayBase = 'B2C_1A_OldBase') => `
<!-- file: /set/Base.xml -->
${policy('B2C_1A_Base', claims('email'))}
<!-- file: /set/Ext.xml -->
${policy('B2C_1A_Ext', claims('extra'), setBase)}
<!-- file: /stray/Ext.xml -->
${policy('B2C_1A_Ext', claims('strayOnly'), strayBase)}
<!-- file: /rp/SignIn.xml -->
${policy('B2C_1A_SignIn', uses('email', 'extra', 'emial', 'strayOnly'), 'B2C_1A_Ext')}
`;
  const layout = makeLayout();

  it('uses the complete candidates only, so references are checked', () => {
    const f = fixture(layout);
    const chain = f.index.chain(f.uri('/rp/SignIn.xml'));
    assert.equal(chain.status, 'complete');
    assert.deepEqual(chain.uris, [f.uri('/rp/SignIn.xml'), f.uri('/set/Ext.xml'), f.uri('/set/Base.xml')]);
    assert.deepEqual(chain.parents, [f.uri('/set/Ext.xml')]);
    assert.deepEqual(chain.ignored, [f.uri('/stray/Ext.xml')]);
    // Before: the stray made the chain incomplete, so one B103 and no reference was checked at all.
    assert.deepEqual(chainDiagnostics(f, '/rp/SignIn.xml'), [
      "B101 The claim type 'emial' is not defined in this policy or its base policies.",
      "B101 The claim type 'strayOnly' is not defined in this policy or its base policies.",
    ]);
  });

  it('keeps an ambiguity among several complete candidates and drops only the broken one', () => {
    const f = fixture(layout + `<!-- file: /other/Ext.xml -->\n${policy('B2C_1A_Ext', claims('strayOnly'), 'B2C_1A_Base')}`);
    const chain = f.index.chain(f.uri('/rp/SignIn.xml'));
    assert.equal(chain.status, 'ambiguous');
    assert.deepEqual(chain.ambiguity?.candidates, [f.uri('/other/Ext.xml'), f.uri('/set/Ext.xml')]);
    assert.deepEqual(chain.ignored, [f.uri('/stray/Ext.xml')]);
    const found = chainDiagnostics(f, '/rp/SignIn.xml');
    assert.deepEqual(found.map((d) => d.split(' ')[0]), ['B104', 'B102']);
    assert.match(found[0], /\.\.\/other\/Ext\.xml, \.\.\/set\/Ext\.xml\./);
    assert.match(found[1], /'emial'/);
  });

  it('drops a candidate whose chain loops, and stays incomplete when every candidate is broken', () => {
    const looping = fixture(makeLayout('B2C_1A_Base', 'B2C_1A_SignIn'));
    // From the relying party, the stray's chain leads back to the relying party itself.
    assert.equal(looping.index.chain(looping.uri('/rp/SignIn.xml')).status, 'complete');
    assert.deepEqual(looping.index.chain(looping.uri('/rp/SignIn.xml')).ignored, [looping.uri('/stray/Ext.xml')]);
    const broken = fixture(makeLayout('B2C_1A_Gone'));
    const chain = broken.index.chain(broken.uri('/rp/SignIn.xml'));
    assert.equal(chain.status, 'incomplete');
    assert.equal(chain.ignored, undefined);
    assert.deepEqual(chainDiagnostics(broken, '/rp/SignIn.xml'), [
      "B103 This policy's base is declared by ../set/Ext.xml (B2C_1A_Ext), ../stray/Ext.xml (B2C_1A_Ext), but the chain stops further up: ../set/Ext.xml extends PolicyId 'B2C_1A_Gone', which no file in the workspace declares, so references that it may define are not checked.",
    ]);
  });

  it('honours a pin, even on a candidate whose chain is incomplete', () => {
    const f = fixture(layout);
    f.index.setOptions({ basePins: new Map([['B2C_1A_Ext', f.uri('/stray/Ext.xml')]]) });
    const chain = f.index.chain(f.uri('/rp/SignIn.xml'));
    assert.equal(chain.status, 'incomplete');
    assert.deepEqual(chain.parents, [f.uri('/stray/Ext.xml')]);
  });

  it('names the missing ancestor and the file that asks for it, never the present base', () => {
    const f = fixture(`
<!-- file: /set/Ext.xml -->
${policy('B2C_1A_Ext', claims('extra'), 'B2C_1A_Base')}
<!-- file: /rp/SignIn.xml -->
${policy('B2C_1A_SignIn', uses('extra'), 'B2C_1A_Ext')}
`);
    assert.deepEqual(chainDiagnostics(f, '/rp/SignIn.xml'), [
      "B103 This policy's base is ../set/Ext.xml (B2C_1A_Ext), but the chain stops further up: ../set/Ext.xml extends PolicyId 'B2C_1A_Base', which no file in the workspace declares, so references that it may define are not checked.",
    ]);
    assert.deepEqual(chainDiagnostics(f, '/set/Ext.xml'), [
      "B103 No file in the workspace declares PolicyId 'B2C_1A_Base', so references that the base may define are not checked.",
    ]);
  });
});

describe('woodgrove in a samples layout with a stray Extensions copy', () => {
  const dir = path.join(SHARED, 'corpus', 'woodgrove', 'Policies');
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  const read = (f: string) => decodeBytes(fs.readFileSync(path.join(dir, f))).text;
  const chainFiles = new Set(['B2C_1A_base.xml', 'B2C_1A_ext_Localization.xml', 'B2C_1A_ext.xml']);
  const leaves = names.filter((f) => !chainFiles.has(f));
  const uriOf = (f: string) => `file:///ws/${chainFiles.has(f) ? 'set' : 'leaves'}/${f}`;
  const STRAY = 'file:///ws/old/B2C_1A_ext.xml';

  function build(options: { stray: boolean; without?: string; edit?: (f: string, text: string) => string }): { index: PolicyIndex; diagnostics: (f: string) => string[] } {
    const index = new PolicyIndex();
    const parsed = new Map<string, ReturnType<typeof parsePolicy>>();
    for (const f of names) {
      if (f === options.without) continue;
      const p = parsePolicy(uriOf(f), null, options.edit ? options.edit(f, read(f)) : read(f));
      parsed.set(f, p);
      index.set(p.file);
    }
    if (options.stray) index.set(parsePolicy(STRAY, null, read('B2C_1A_ext.xml').replace('<PolicyId>B2C_1A_ext_Localization</PolicyId>', '<PolicyId>B2C_1A_ext_Localization_v1</PolicyId>')).file);
    const diagnostics = (f: string) => {
      const p = parsed.get(f)!;
      return doValidation({ file: p.file, xml: p.xml, index, options: {} }).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    };
    return { index, diagnostics };
  }

  it('checks every relying party as if the stray were not there', () => {
    assert.equal(leaves.length, 22);
    const clean = build({ stray: false });
    const withStray = build({ stray: true });
    assert.equal(withStray.index.chain(STRAY).status, 'incomplete');
    for (const f of leaves) {
      const chain = withStray.index.chain(uriOf(f));
      assert.equal(chain.status, 'complete', f);
      assert.deepEqual(chain.ignored, [STRAY], f);
      assert.deepEqual(withStray.diagnostics(f), clean.diagnostics(f), f);
    }
    // And a seeded misspelling in a relying party is found (an incomplete chain would have hidden it).
    const seeded = build({ stray: true, edit: (f, t) => (f === 'B2C_1A_mfa.xml' ? t.replace('ClaimTypeReferenceId="mfaType"', 'ClaimTypeReferenceId="mfaTpye"') : t) });
    assert.ok(seeded.diagnostics('B2C_1A_mfa.xml').some((d) => /B101 The claim type 'mfaTpye'/.test(d)));
  });

  it('says which ancestor is missing when the base is not in the workspace', () => {
    const { diagnostics } = build({ stray: false, without: 'B2C_1A_base.xml' });
    const b103 = diagnostics('B2C_1A_mfa.xml').filter((d) => d.includes(' B103 '));
    assert.deepEqual(b103.map((d) => d.replace(/^\d+:\d+ /, '')), [
      "B103 This policy's base is ../set/B2C_1A_ext.xml (B2C_1A_ext), but the chain stops further up: ../set/B2C_1A_ext_Localization.xml extends PolicyId 'B2C_1A_base', which no file in the workspace declares, so references that it may define are not checked.",
    ]);
  });
});
