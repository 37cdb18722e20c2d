import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver-types';
import { parseXml } from '../../server/src/service/xml/parser';
import { doSchemaHover } from '../../server/src/service/features/schema/schemaHover';
import { pol, withCursor } from '../helpers/schemaFixture';

/** `range-text | first line of the hover`, or null. */
function hover(source: string): string | null {
  const { text, offset } = withCursor(source);
  const doc = TextDocument.create('file:///p.xml', 'xml', 1, text);
  const h = doSchemaHover(parseXml(text), doc, offset);
  if (!h || !h.range) return null;
  const covered = text.slice(doc.offsetAt(h.range.start), doc.offsetAt(h.range.end));
  return `${covered} | ${(h.contents as MarkupContent).value.split('\n')[0]}`;
}

const steps = (inner: string) => pol(`<UserJourneys><UserJourney Id="j"><OrchestrationSteps>\n${inner}\n</OrchestrationSteps></UserJourney></UserJourneys>`);

describe('doSchemaHover', () => {
  it('describes elements on their start and end tag names', () => {
    assert.equal(hover(steps('<Orchestr$0ationStep Order="1" Type="SendClaims"></OrchestrationStep>')), 'OrchestrationStep | **<OrchestrationStep>**');
    assert.equal(hover(steps('<OrchestrationStep Order="1" Type="SendClaims"></Orchestr$0ationStep>')), 'OrchestrationStep | **<OrchestrationStep>**');
    const { text, offset } = withCursor(steps('<$0OrchestrationStep Order="1" Type="SendClaims"/>'));
    const h = doSchemaHover(parseXml(text), TextDocument.create('file:///p.xml', 'xml', 1, text), offset + 1);
    assert.match((h?.contents as MarkupContent).value, /One step of a journey/);
  });

  it('falls back to the XSD documentation for elements without a hand-written description', () => {
    const { text, offset } = withCursor(pol('<PolicyConstraints><Inher$0itance DerivingPolicies="All" /></PolicyConstraints>'));
    const h = doSchemaHover(parseXml(text), TextDocument.create('file:///p.xml', 'xml', 1, text), offset);
    assert.ok(h && (h.contents as MarkupContent).value.length > 'Inheritance'.length + 10);
  });

  it('tells apart elements that share a name in different parents', () => {
    const claim = pol('<BuildingBlocks><ClaimsSchema><ClaimType Id="a"><DefaultPartnerClaimTypes><Proto$0col Name="OAuth2" PartnerClaimType="x" /></DefaultPartnerClaimTypes></ClaimType></ClaimsSchema></BuildingBlocks>');
    const { text, offset } = withCursor(claim);
    const h = doSchemaHover(parseXml(text), TextDocument.create('file:///p.xml', 'xml', 1, text), offset);
    assert.match((h?.contents as MarkupContent).value, /by default when exchanged/);
  });

  it('describes attributes and lists enumerated values', () => {
    const { text, offset } = withCursor(steps('<OrchestrationStep Order="1" Ty$0pe="SendClaims"/>'));
    const h = doSchemaHover(parseXml(text), TextDocument.create('file:///p.xml', 'xml', 1, text), offset);
    const value = (h?.contents as MarkupContent).value;
    assert.match(value, /^\*\*Type\*\* \(required\) on <OrchestrationStep>/);
    assert.match(value, /`InvokeSubJourney`/);
  });

  it('returns null elsewhere and outside policies', () => {
    assert.equal(hover(steps('<OrchestrationStep Order="1" Type="Send$0Claims"/>')), null);
    assert.equal(hover('<root><Orchestr$0ationStep/></root>'), null);
    assert.equal(hover(steps('<Bog$0us/>')), null);
  });
});
