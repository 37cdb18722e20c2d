/**
 * Edits leave the server only after they were checked against the text they apply to. A closed file may have
 * changed on disk without a watcher event (some clients register none): its index entry then holds old offsets,
 * and an edit at those offsets would overwrite the wrong text while leaving the file well formed.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { Workspace } from './workspace';

/** Whether an edit may apply to `covered`, the text its range covers now. */
export type EditCheck = (covered: string, edit: TextEdit) => boolean;

/** Why an edit was withheld; the message is for the user. */
export class UncheckedEditError extends Error {}

/** Stale entries are rebuilt and the edit recomputed this many times before giving up. */
const ATTEMPTS = 3;

/**
 * Computes an edit, re-reads every closed file it touches and recomputes when one changed since it was indexed;
 * then checks that each range lies inside its document and passes `check`. Anything that is not a WorkspaceEdit
 * (null, an error) is passed through.
 */
export function checkedEdit<T>(workspace: Workspace, compute: () => T, check?: EditCheck): T | UncheckedEditError {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const result = compute();
    if (!isWorkspaceEdit(result)) return result;
    const texts = currentTexts(workspace, [result]);
    if (!texts) continue;
    const problem = verify(result, texts, check);
    return problem ? new UncheckedEditError(problem) : result;
  }
  return new UncheckedEditError('The files changed on disk while the edit was computed; nothing was changed. Try again.');
}

/** Code actions whose edits were checked like checkedEdit's; an action whose edit fails the check is left out. */
export function checkedActions<A extends { edit?: WorkspaceEdit }>(workspace: Workspace, compute: () => A[]): A[] {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const actions = compute();
    const texts = currentTexts(workspace, actions.flatMap((a) => (a.edit ? [a.edit] : [])));
    if (!texts) continue;
    return actions.filter((a) => !a.edit || verify(a.edit, texts) === undefined);
  }
  return [];
}

/** The current text of every file the edits touch, or undefined when one was stale (and has been indexed again). */
function currentTexts(workspace: Workspace, edits: readonly WorkspaceEdit[]): Map<string, string | undefined> | undefined {
  const texts = new Map<string, string | undefined>();
  let stale = false;
  for (const uri of new Set(edits.flatMap((e) => Object.keys(e.changes ?? {})))) {
    const current = workspace.currentText(uri);
    stale ||= current.stale;
    texts.set(uri, current.text);
  }
  return stale ? undefined : texts;
}

function verify(edit: WorkspaceEdit, texts: ReadonlyMap<string, string | undefined>, check?: EditCheck): string | undefined {
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const text = texts.get(uri);
    const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
    if (text === undefined) return `${name} could not be read; nothing was changed.`;
    const doc = TextDocument.create(uri, 'xml', 0, text);
    for (const e of edits) {
      if (!inside(doc, e.range)) return `An edit for ${name} lies outside the file; nothing was changed.`;
      if (check && !check(text.slice(doc.offsetAt(e.range.start), doc.offsetAt(e.range.end)), e)) {
        return `${name} no longer holds the text the edit replaces; nothing was changed.`;
      }
    }
  }
  return undefined;
}

/** A range whose positions survive a round trip through offsets: no line or character past the end. */
function inside(doc: TextDocument, range: Range): boolean {
  const same = (p: Range['start']) => {
    const q = doc.positionAt(doc.offsetAt(p));
    return q.line === p.line && q.character === p.character;
  };
  return same(range.start) && same(range.end) && doc.offsetAt(range.start) <= doc.offsetAt(range.end);
}

function isWorkspaceEdit(x: unknown): x is WorkspaceEdit {
  return !!x && typeof x === 'object' && 'changes' in x && !(x instanceof Error);
}

/** For a rename: every edit covers exactly the old name (Ids match case-insensitively, so its case may differ). */
export function coversName(oldName: () => string): EditCheck {
  return (covered) => covered.toLowerCase() === oldName().toLowerCase();
}
