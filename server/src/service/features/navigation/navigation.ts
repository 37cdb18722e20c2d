/**
 * What the cursor is on (a reference or a definition Id), and the set of files that can see a definition.
 * Shared by definition, references, rename and hover.
 */
import { PolicyIndex, Located } from '../../index/policyIndex';
import { Definition, PolicyFile, Reference } from '../../model/policyFile';
import { TargetKind } from '../../model/referenceKinds';

export interface Symbol {
  readonly kind: TargetKind;
  readonly key: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly reference?: Reference;
  readonly definition?: Definition;
}

/** Finds the reference or definition Id under the offset (inclusive of both ends, so a cursor after the last character counts). */
export function symbolAt(file: PolicyFile, offset: number): Symbol | undefined {
  const ref = referenceAt(file.references, offset);
  if (ref) return { kind: ref.target, key: ref.key, value: ref.value, start: ref.start, end: ref.end, reference: ref };
  for (const d of file.definitions) {
    if (offset >= d.idStart && offset <= d.idEnd) return { kind: d.kind, key: d.key, value: d.id, start: d.idStart, end: d.idEnd, definition: d };
  }
  if (file.policyId && offset >= file.policyId.start && offset <= file.policyId.end) {
    const p = file.policyId;
    return { kind: 'Policy', key: p.value.toLowerCase(), value: p.value, start: p.start, end: p.end };
  }
  return undefined;
}

/** Binary search over references sorted by start. */
function referenceAt(refs: readonly Reference[], offset: number): Reference | undefined {
  let lo = 0, hi = refs.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].start <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  for (let i = found; i >= 0 && i >= found - 2; i--) {
    if (offset >= refs[i].start && offset <= refs[i].end) return refs[i];
  }
  return undefined;
}

/** Definitions the symbol stands for, seen from the file: the base definition and every override along the chain. */
export function targetsOf(index: PolicyIndex, uri: string, sym: Symbol): Located<Definition>[] {
  if (sym.kind === 'Policy' || sym.kind === 'PolicyKey') return [];
  const found = index.lookup(uri, sym.kind, sym.key);
  if (!sym.definition) return found;
  // On a definition, also include overrides in files that extend this one.
  const extra = index.dependentsOf(uri).flatMap((u) => (index.get(u)?.defsByKey.get(sym.kind + '\u0000' + sym.key) ?? []).map((item) => ({ uri: u, item })));
  return [...found, ...extra];
}

/** Files in which a reference to the symbol means the same definition: the defining files and everything that extends them. */
export function scopeOf(index: PolicyIndex, uri: string, sym: Symbol): string[] {
  if (sym.kind === 'PolicyKey') return [...index.policyKeyReferences()].map(([uri]) => uri);
  const roots = new Set<string>([uri]);
  for (const t of targetsOf(index, uri, sym)) roots.add(t.uri);
  const scope = new Set<string>();
  for (const r of roots) {
    scope.add(r);
    for (const d of index.dependentsOf(r)) scope.add(d);
  }
  return [...scope];
}

/** Files whose BasePolicy resolves directly to `uri`. */
export function childrenOf(index: PolicyIndex, uri: string): string[] {
  return index.dependentsOf(uri).filter((u) => index.chain(u).parents.includes(uri));
}
