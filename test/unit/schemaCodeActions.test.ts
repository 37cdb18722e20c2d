import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseXml } from '../../server/src/service/xml/parser';
import { validateStructure } from '../../server/src/service/features/schema/schemaValidation';
import { getStructureCodeActions } from '../../server/src/service/features/schema/schemaCodeActions';
import { pol } from '../helpers/schemaFixture';

/** Applies the first quick fix for the structure diagnostics of text; returns [title, new text]. */
function fix(text: string): [string, string] | undefined {
  const doc = TextDocument.create('file:///p.xml', 'xml', 1, text);
  const xml = parseXml(text);
  const actions = getStructureCodeActions(xml, doc, validateStructure(xml, doc));
  if (!actions.length) return undefined;
  const edits = actions[0].edit?.changes?.[doc.uri] ?? [];
  return [actions[0].title, TextDocument.applyEdits(doc, edits)];
}

const tp = (inner: string) => pol(`<ClaimsProviders><ClaimsProvider><DisplayName>X</DisplayName><TechnicalProfiles>\n  <TechnicalProfile Id="tp">\n${inner}  </TechnicalProfile>\n</TechnicalProfiles></ClaimsProvider></ClaimsProviders>`);

describe('getStructureCodeActions', () => {
  it('moves an out-of-order element on its own lines before the sibling it belongs before', () => {
    const before = tp('    <OutputClaims>\n      <OutputClaim ClaimTypeReferenceId="a" />\n    </OutputClaims>\n    <Metadata>\n      <Item Key="k">v</Item>\n    </Metadata>\n');
    const after = tp('    <Metadata>\n      <Item Key="k">v</Item>\n    </Metadata>\n    <OutputClaims>\n      <OutputClaim ClaimTypeReferenceId="a" />\n    </OutputClaims>\n');
    assert.deepEqual(fix(before), ['Move <Metadata> before <OutputClaims>', after]);
    assert.equal(fix(after), undefined);
  });

  it('moves past several later siblings, to before the first of them', () => {
    const before = tp('    <Protocol Name="None" />\n    <InputClaims />\n    <OutputClaims />\n    <Metadata />\n');
    const after = tp('    <Protocol Name="None" />\n    <Metadata />\n    <InputClaims />\n    <OutputClaims />\n');
    assert.deepEqual(fix(before), ['Move <Metadata> before <InputClaims>', after]);
  });

  it('moves elements that share a line without touching the layout', () => {
    const claim = (inner: string) => pol(`<BuildingBlocks><ClaimsSchema><ClaimType Id="a">${inner}</ClaimType></ClaimsSchema></BuildingBlocks>`);
    assert.deepEqual(fix(claim('<DataType>string</DataType><DisplayName>A</DisplayName>')),
      ['Move <DisplayName> before <DataType>', claim('<DisplayName>A</DisplayName><DataType>string</DataType>')]);
  });

  it('keeps CRLF line breaks', () => {
    const before = tp('    <OutputClaims />\n    <Metadata />\n').replace(/\n/g, '\r\n');
    const after = tp('    <Metadata />\n    <OutputClaims />\n').replace(/\n/g, '\r\n');
    assert.deepEqual(fix(before), ['Move <Metadata> before <OutputClaims>', after]);
  });
});
