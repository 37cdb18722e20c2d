import type { AnnotatedTextEdit, ChangeAnnotation, Position, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { PolicyFile, exchangeKey, idKey, lookupKey } from '../../model/policyFile';
import { KIND_LABELS } from '../../model/referenceKinds';
import { collectOccurrences } from './references';
import { Symbol, scopeOf, symbolAt } from './navigation';

export class RenameError extends Error {}

/** The range to rename and its current text, or an error message when the cursor is not on something renameable. */
export function prepareRename(file: PolicyFile, position: Position): { range: Range; placeholder: string } | RenameError {
  const sym = symbolAt(file, file.lines.offsetAt(position));
  if (!sym) return new RenameError('Nothing to rename here: place the cursor on an Id or a reference.');
  if (sym.kind === 'Policy') return new RenameError('Renaming a PolicyId is not supported: change PolicyId and PublicPolicyUri together by hand.');
  return { range: file.lines.range(sym.start, sym.end), placeholder: sym.value };
}

/**
 * What a new Id may hold: characters that XML 1.0 allows in an attribute value (no C0 controls, no U+FFFE/U+FFFF,
 * surrogates only in pairs), minus what would need escaping or reads as a break: spaces and line separators,
 * quotes, '<', '>', '&', C1 controls.
 */
const ID_PATTERN = /^(?:[^\s"'<>&\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])+$/;

export interface RenameOptions {
  /** The client shows change annotations that need confirmation (LSP workspaceEdit.changeAnnotationSupport and documentChanges). */
  readonly changeAnnotations?: boolean;
  /** Called with the files left out of the edit because their chain is ambiguous (only without change annotations). */
  readonly onLeftOut?: (uris: readonly string[]) => void;
}

/** The annotation on edits in files whose base policy is ambiguous. */
export const AMBIGUOUS_CHAIN = 'b2c.ambiguousChain';

/**
 * Renames the Id and every reference to it across the files that share the definition; refuses collisions.
 * A file whose chain is ambiguous (other than the one renamed in) may not mean this definition at all, nor may the
 * candidate bases of a file renamed in whose chain is ambiguous: their edits need the user's confirmation in the
 * preview, or, for a client without change annotations, are left out.
 */
export function doRename(file: PolicyFile, position: Position, newName: string, index: PolicyIndex, options: RenameOptions = {}): WorkspaceEdit | RenameError {
  const prepared = prepareRename(file, position);
  if (prepared instanceof RenameError) return prepared;
  const sym = symbolAt(file, file.lines.offsetAt(position))!;
  if (!ID_PATTERN.test(newName)) {
    return new RenameError(`'${printable(newName)}' is not a valid Id: it must not be empty or contain spaces, control characters, quotes, '<', '>' or '&'.`);
  }
  const clash = collision(file, sym, newName, index);
  if (clash) return new RenameError(clash);
  const changes: Record<string, TextEdit[]> = {};
  for (const occ of collectOccurrences(file, sym, index, true)) {
    const lines = index.get(occ.uri)!.lines;
    (changes[occ.uri] ??= []).push({ range: lines.range(occ.start, occ.end), newText: newName });
  }
  // Renamed from an ambiguous file, every candidate base (and what extends it) is in doubt too.
  const fromAmbiguous = index.chain(file.uri).status === 'ambiguous';
  const doubtful = Object.keys(changes).filter((uri) => uri !== file.uri && (fromAmbiguous || index.chain(uri).status === 'ambiguous'));
  if (!doubtful.length) return { changes };
  if (options.changeAnnotations) return annotated(changes, doubtful);
  for (const uri of doubtful) delete changes[uri];
  options.onLeftOut?.(doubtful.sort());
  return { changes };
}

/**
 * The same edits as `documentChanges`, those in doubtful files annotated as needing confirmation. `changes` stays
 * as well (clients that take documentChanges prefer them), so that whatever checks `changes` sees every edit.
 */
function annotated(changes: Record<string, TextEdit[]>, doubtful: readonly string[]): WorkspaceEdit {
  const documentChanges: TextDocumentEdit[] = Object.entries(changes).map(([uri, edits]) => ({
    textDocument: { uri, version: null },
    edits: doubtful.includes(uri) ? edits.map((e): AnnotatedTextEdit => ({ ...e, annotationId: AMBIGUOUS_CHAIN })) : edits,
  }));
  const annotation: ChangeAnnotation = {
    label: 'Base policy is ambiguous',
    needsConfirmation: true,
    description: 'Several files could be the base of this policy, so it may not use the renamed definition. Check before applying.',
  };
  return { changes, documentChanges, changeAnnotations: { [AMBIGUOUS_CHAIN]: annotation } };
}

function collision(file: PolicyFile, sym: Symbol, newName: string, index: PolicyIndex): string | undefined {
  if (sym.kind === 'PolicyKey') return undefined;
  const journey = sym.definition?.journey ?? sym.reference?.journey;
  const sub = sym.definition?.subJourney ?? sym.reference?.subJourney;
  const newKey = journey !== undefined ? exchangeKey(journey, newName, sub) : idKey(newName);
  if (newKey === sym.key) return undefined;
  const k = lookupKey(sym.kind, newKey);
  for (const uri of scopeOf(index, file.uri, sym)) {
    for (const u of index.chain(uri).uris) {
      if (index.get(u)?.defsByKey.has(k)) return `A ${KIND_LABELS[sym.kind]} named '${newName}' is already visible from ${u}; renaming would merge the two.`;
    }
  }
  return undefined;
}

/** The name as a message can show it: control and invalid characters as U+XXXX, at most 80 characters. */
function printable(name: string): string {
  const shown = name.slice(0, 80).replace(/[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/g, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  return name.length > 80 ? shown + '…' : shown;
}
