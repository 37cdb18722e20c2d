import type { Location, Position } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { PolicyFile } from '../../model/policyFile';
import { Symbol, childrenOf, scopeOf, symbolAt, targetsOf } from './navigation';

/** Where a symbol is referenced, in every file that can see the same definition. */
export function findReferences(file: PolicyFile, position: Position, index: PolicyIndex, includeDeclaration: boolean): Location[] {
  const sym = symbolAt(file, file.lines.offsetAt(position));
  if (!sym) return [];
  const spans = collectOccurrences(file, sym, index, includeDeclaration);
  return spans.map(({ uri, start, end }) => ({ uri, range: index.get(uri)!.lines.range(start, end) }));
}

export interface Occurrence {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly isDefinition: boolean;
}

/** Every reference (and, if asked, definition Id) of the symbol, sorted by file and offset. */
export function collectOccurrences(file: PolicyFile, sym: Symbol, index: PolicyIndex, includeDeclaration: boolean): Occurrence[] {
  const out: Occurrence[] = [];
  if (sym.kind === 'Policy') return policyOccurrences(file, sym, index, includeDeclaration);
  const scope = scopeOf(index, file.uri, sym);
  for (const { uri, item } of index.referencesIn(scope, sym.kind, sym.key)) out.push({ uri, start: item.start, end: item.end, isDefinition: false });
  if (includeDeclaration) {
    const seen = new Set<string>();
    for (const { uri, item } of [...targetsOf(index, file.uri, sym), ...definitionsIn(index, scope, sym)]) {
      const k = uri + '#' + item.idStart;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ uri, start: item.idStart, end: item.idEnd, isDefinition: true });
    }
  }
  return out.sort((a, b) => (a.uri === b.uri ? a.start - b.start : a.uri < b.uri ? -1 : 1));
}

function definitionsIn(index: PolicyIndex, uris: string[], sym: Symbol) {
  const k = sym.kind + '\u0000' + sym.key;
  return uris.flatMap((uri) => (index.get(uri)?.defsByKey.get(k) ?? []).map((item) => ({ uri, item })));
}

/** For a PolicyId: the BasePolicy elements of files that extend the policy (resolved through chains, not by Id). */
function policyOccurrences(file: PolicyFile, sym: Symbol, index: PolicyIndex, includeDeclaration: boolean): Occurrence[] {
  const targets = sym.reference ? index.chain(file.uri).parents : [file.uri];
  const out: Occurrence[] = [];
  for (const t of targets) {
    const target = index.get(t);
    if (includeDeclaration && target?.policyId) out.push({ uri: t, start: target.policyId.start, end: target.policyId.end, isDefinition: true });
    for (const child of childrenOf(index, t)) {
      const span = index.get(child)?.basePolicy?.policyId;
      if (span) out.push({ uri: child, start: span.start, end: span.end, isDefinition: false });
    }
  }
  return out;
}
