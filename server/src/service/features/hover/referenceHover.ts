/**
 * Hover on a reference or a definition Id: what kind of thing it names, DataType/DisplayName for claims,
 * Protocol and handler for technical profiles, and every file and line where it is defined or overridden.
 * On a policy key name: where the workspace uses it. On a PolicyId: which files declare it.
 */
import { Hover } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { KIND_LABELS } from '../../model/referenceKinds';
import { DocumentContext } from '../../model/documentContext';
import { definitionFacts, placeText, placesText, relativePath } from '../shared/describe';
import { hoverAt } from './hoverRequest';
import { Symbol, symbolAt, targetsOf } from '../navigation/navigation';
import { policyKeyUses } from '../completion/referenceCompletion';
import { mergeProfile } from '../../effective/mergedProfile';
import { profileKindOf } from '../shared/profileKind';
import { learnLine } from './learnLinks';

export function hoverReference(ctx: DocumentContext, offset: number, index: PolicyIndex): Hover | undefined {
  const sym = symbolAt(ctx.file, offset);
  if (!sym || !sym.value) return undefined;
  const text = sym.kind === 'PolicyKey' ? policyKeyText(index, ctx.file.uri, sym)
    : sym.kind === 'Policy' ? policyText(index, ctx.file.uri, sym)
    : definitionText(index, ctx.file.uri, sym);
  return hoverAt(ctx, text, sym.start, sym.end);
}

function definitionText(index: PolicyIndex, uri: string, sym: Symbol): string {
  const defs = targetsOf(index, uri, sym);
  const journey = sym.reference?.journey ?? sym.definition?.journey;
  const head = `**${sym.value}** — ${KIND_LABELS[sym.kind]}` + (journey ? ` in journey \`${journey}\`` : '');
  if (!defs.length) return `${head}\n\nNot defined in this policy's inheritance chain.`;
  return [head, ...definitionFacts(index, uri, defs), placesText(index, uri, defs), profileArticles(index, uri, sym)].filter(Boolean).join('\n\n');
}

/** For a technical profile: the Learn article of its kind (read from the merged profile, as everywhere). */
function profileArticles(index: PolicyIndex, uri: string, sym: Symbol): string {
  if (sym.kind !== 'TechnicalProfile') return '';
  const merged = mergeProfile(index, uri, sym.value);
  const kind = merged && profileKindOf(merged);
  return kind ? learnLine(kind.sources) : '';
}

function policyKeyText(index: PolicyIndex, uri: string, sym: Symbol): string {
  const use = policyKeyUses(index).get(sym.key);
  const count = use?.count ?? 0;
  const files = [...(use?.files ?? [])].map((f) => '`' + relativePath(uri, f) + '`');
  return `**${sym.value}** — policy key\n\nA key stored in the tenant's Identity Experience Framework policy keys; this file does not hold its value.\n\n` +
    `Used ${count} time${count === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}: ${files.join(', ')}`;
}

function policyText(index: PolicyIndex, uri: string, sym: Symbol): string {
  const files = index.filesDeclaring(sym.value);
  const places = files.map((f) => '`' + placeText(index, uri, f, index.get(f)?.policyId?.start ?? 0) + '`');
  const extended = sym.reference ? '' : `\n\nExtended by ${index.dependentsOf(uri).length} file(s) in the workspace.`;
  return `**${sym.value}** — policy\n\n${places.length ? `Declared in ${places.join(', ')}` : 'No file in the workspace declares this PolicyId.'}${extended}`;
}
