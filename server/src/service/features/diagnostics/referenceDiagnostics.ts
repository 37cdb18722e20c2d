import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Chain, PolicyIndex } from '../../index/policyIndex';
import { PolicyFile, Reference } from '../../model/policyFile';
import { KIND_LABELS } from '../../model/referenceKinds';
import { CODES } from '../../messages/codes';
import { incompleteChainMessage } from './chainWording';
import { quoteValue } from '../../model/quoting';

export function makeDiagnostic(file: PolicyFile, start: number, end: number, code: string, message: string, severity?: DiagnosticSeverity): Diagnostic {
  return { range: file.lines.range(start, end), severity: severity ?? CODES[code]?.severity ?? DiagnosticSeverity.Error, code, source: 'b2c', message };
}

/** Well-formedness problems from the tolerant parser. */
export function validateXml(file: PolicyFile): Diagnostic[] {
  return file.problems.map((p) =>
    p.severity === 'warning' ? makeDiagnostic(file, p.start, p.end, 'B109', p.message) : makeDiagnostic(file, p.start, p.end, 'B100', p.message));
}

/** The BasePolicy element: cycles, missing bases and ambiguous bases, each reported once. */
export function validateChain(file: PolicyFile, index: PolicyIndex): Diagnostic[] {
  const base = file.basePolicy;
  if (!base) return [];
  const at = base.policyId ?? { start: base.element.start, end: base.element.contentStart };
  if (!base.policyId?.value) return [makeDiagnostic(file, at.start, at.end, 'B110', 'BasePolicy needs a PolicyId naming the policy this file extends.')];
  const chain = index.chain(file.uri);
  const name = (u: string) => relativePath(file.uri, u);
  switch (chain.status) {
    case 'cycle':
      return [makeDiagnostic(file, at.start, at.end, 'B105', `The inheritance chain loops back on itself at ${name(chain.cycleAt ?? file.uri)}.`)];
    case 'incomplete':
      return [makeDiagnostic(file, at.start, at.end, 'B103', incompleteChainMessage(file.uri, chain, index, name))];
    case 'ambiguous': {
      const amb = chain.ambiguity!;
      const where = amb.from === file.uri ? '' : ` (the base of ${name(amb.from)})`;
      return [makeDiagnostic(file, at.start, at.end, 'B104',
        `Several files declare PolicyId ${quoteValue(amb.policyId)}${where}: ${amb.candidates.map(name).join(', ')}. Lookups use all of them; pin one with the b2cPolicy.basePolicyPins setting.`)];
    }
    default:
      return [];
  }
}

/** Unresolved references (only where the chain is known well enough to be sure) and case-only matches. */
export function validateReferences(file: PolicyFile, index: PolicyIndex): Diagnostic[] {
  const chain = index.chain(file.uri);
  if (chain.status === 'incomplete' || chain.status === 'cycle') return [];
  const out: Diagnostic[] = [];
  for (const ref of file.references) {
    if (ref.target === 'PolicyKey' || ref.target === 'Policy') continue;
    // A Metadata item's value is resolved in the merged policy a relying party runs, not at upload of this
    // file: the leaf judge (rules/leafJudge.ts) checks it there.
    if (isMetadataReference(ref)) continue;
    const defs = index.lookup(file.uri, ref.target, ref.key);
    if (defs.length === 0) {
      if (!ref.lenient) out.push(unresolved(file, ref, chain));
    }
    else if (!defs.some((d) => d.item.id === ref.value)) {
      out.push(makeDiagnostic(file, ref.start, ref.end, 'B108',
        `${quoteValue(ref.value)} matches the ${KIND_LABELS[ref.target]} ${quoteValue(defs[0].item.id)} only when letter case is ignored. B2C accepts this, but one spelling is easier to search.`));
    }
  }
  return out;
}

export function isMetadataReference(ref: Reference): boolean {
  return ref.source.startsWith('Item Key=');
}

function unresolved(file: PolicyFile, ref: Reference, chain: Chain): Diagnostic {
  const what = KIND_LABELS[ref.target];
  const scope = ref.journey !== undefined ? `the journey ${quoteValue(ref.journey)}` : 'this policy or its base policies';
  if (!ref.value) return makeDiagnostic(file, ref.start, ref.end, chain.status === 'ambiguous' ? 'B102' : 'B101', `${ref.source} is empty: it should name a ${what}.`);
  if (chain.status === 'ambiguous') {
    return makeDiagnostic(file, ref.start, ref.end, 'B102', `No candidate base policy defines the ${what} ${quoteValue(ref.value)}.`);
  }
  return makeDiagnostic(file, ref.start, ref.end, 'B101', `The ${what} ${quoteValue(ref.value)} is not defined in ${scope}.`);
}

/** The same Id twice in one file (a redefinition in a child file is legal and not reported). */
export function validateDuplicates(file: PolicyFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const defs of file.defsByKey.values()) {
    for (let i = 1; i < defs.length; i++) {
      const d = defs[i];
      if (d.kind === 'ClaimsExchange') {
        out.push(makeDiagnostic(file, d.idStart, d.idEnd, 'B107', `The ClaimsExchange Id ${quoteValue(d.id)} is already used in the journey ${quoteValue(d.journey ?? '')}.`));
      } else {
        out.push(makeDiagnostic(file, d.idStart, d.idEnd, 'B106', `The ${KIND_LABELS[d.kind]} ${quoteValue(d.id)} is already defined in this file (line ${file.lines.positionAt(defs[0].idStart).line + 1}).`));
      }
    }
  }
  return out;
}

/** The path of `to` relative to the folder of `from`, decoded, for messages (e.g. `../LocalAccounts/TrustFrameworkBase.xml`). */
export function relativePath(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const rel = [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
  try {
    return decodeURIComponent(rel);
  } catch {
    return rel;
  }
}
