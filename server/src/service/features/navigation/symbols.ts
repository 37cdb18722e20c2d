import { DocumentSymbol, SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { LineIndex } from '../../model/lineIndex';
import { KIND_LABELS } from '../../model/referenceKinds';
import { XmlDocument, XmlElement, elementText, getAttribute } from '../../xml/parser';

interface OutlineRule {
  readonly kind: SymbolKind;
  /** The symbol's name; undefined falls back to the element name. */
  readonly name?: (el: XmlElement, text: string) => string | undefined;
}

const byId = (el: XmlElement) => getAttribute(el, 'Id')?.value;

/** Which elements appear in the outline, and how they are named. Other elements are transparent. */
const OUTLINE: Record<string, OutlineRule> = {
  BasePolicy: { kind: SymbolKind.Package, name: (el, text) => { const p = el.children.find((c) => c.name === 'PolicyId'); return p && `BasePolicy ${elementText(p, text)?.value ?? ''}`; } },
  BuildingBlocks: { kind: SymbolKind.Namespace },
  ClaimsSchema: { kind: SymbolKind.Namespace },
  ClaimType: { kind: SymbolKind.Property, name: byId },
  ClaimsTransformations: { kind: SymbolKind.Namespace },
  ClaimsTransformation: { kind: SymbolKind.Function, name: byId },
  ContentDefinitions: { kind: SymbolKind.Namespace },
  ContentDefinition: { kind: SymbolKind.Object, name: byId },
  Predicates: { kind: SymbolKind.Namespace },
  Predicate: { kind: SymbolKind.Boolean, name: byId },
  PredicateValidations: { kind: SymbolKind.Namespace },
  PredicateValidation: { kind: SymbolKind.Boolean, name: byId },
  DisplayControls: { kind: SymbolKind.Namespace },
  DisplayControl: { kind: SymbolKind.Object, name: byId },
  Localization: { kind: SymbolKind.Namespace },
  LocalizedResources: { kind: SymbolKind.Object, name: byId },
  ClaimsProviders: { kind: SymbolKind.Namespace },
  ClaimsProvider: { kind: SymbolKind.Module, name: (el, text) => { const d = el.children.find((c) => c.name === 'DisplayName'); return d && (elementText(d, text)?.value || undefined); } },
  TechnicalProfile: { kind: SymbolKind.Class, name: byId },
  UserJourneys: { kind: SymbolKind.Namespace },
  UserJourney: { kind: SymbolKind.Event, name: byId },
  SubJourneys: { kind: SymbolKind.Namespace },
  SubJourney: { kind: SymbolKind.Event, name: byId },
  OrchestrationStep: { kind: SymbolKind.EnumMember, name: (el) => `Step ${getAttribute(el, 'Order')?.value ?? '?'} ${getAttribute(el, 'Type')?.value ?? ''}`.trim() },
  ClaimsExchange: { kind: SymbolKind.Method, name: byId },
  RelyingParty: { kind: SymbolKind.Interface },
};

/** The document outline: containers and Id-bearing elements, nested as in the file. */
export function findDocumentSymbols(xml: XmlDocument, lines: LineIndex): DocumentSymbol[] {
  if (!xml.root) return [];
  return symbolsOf(xml.root.children, xml.text, lines);
}

function symbolsOf(elements: readonly XmlElement[], text: string, lines: LineIndex): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const el of elements) {
    const rule = OUTLINE[el.name];
    const children = symbolsOf(el.children, text, lines);
    if (!rule) { out.push(...children); continue; }
    // Trimmed: an Id of only spaces or line breaks (while typing) would show as an empty outline entry.
    const name = rule.name?.(el, text)?.trim() || el.name;
    const idAttr = getAttribute(el, 'Id');
    const sel = idAttr ? lines.range(idAttr.valueStart, idAttr.valueEnd) : lines.range(el.start + 1, el.nameEnd);
    out.push({ name, detail: rule.name && name !== el.name ? el.name : undefined, kind: rule.kind, range: lines.range(el.start, el.end), selectionRange: sel, children });
  }
  return out;
}

const WORKSPACE_KINDS: Record<string, SymbolKind> = {
  ClaimType: SymbolKind.Property, TechnicalProfile: SymbolKind.Class, ClaimsTransformation: SymbolKind.Function,
  UserJourney: SymbolKind.Event, SubJourney: SymbolKind.Event, ClaimsExchange: SymbolKind.Method,
};

/** Workspace symbols: every definition whose Id contains the query's characters in order (case-insensitive). */
export function findWorkspaceSymbols(query: string, index: PolicyIndex, limit = 1000): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const file of index.all()) {
    for (const d of file.definitions) {
      if (!matchesSubsequence(d.id.toLowerCase(), q)) continue;
      out.push({
        name: d.id, kind: WORKSPACE_KINDS[d.kind] ?? SymbolKind.Object,
        containerName: d.journey ? `${KIND_LABELS[d.kind]} in ${d.journey}` : KIND_LABELS[d.kind],
        location: { uri: file.uri, range: file.lines.range(d.idStart, d.idEnd) },
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

function matchesSubsequence(key: string, q: string): boolean {
  let i = 0;
  for (let k = 0; k < key.length && i < q.length; k++) if (key.charCodeAt(k) === q.charCodeAt(i)) i++;
  return i === q.length;
}
