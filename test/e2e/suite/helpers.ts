// Shared by the end-to-end tests: workspace paths, polling with a deadline,
// editing and reverting documents, and reading what the providers return.
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'b2c-policy-tools.b2c-policy-tools';
export const PACK = 'SocialAndLocalAccounts';
export const EXTENSIONS_FILE = `${PACK}/TrustFrameworkExtensions.xml`;
export const BASE_FILE = `${PACK}/TrustFrameworkBase.xml`;

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** Calls probe until it returns a value, or fails with the last reason after the deadline. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(doc);
}

/** Offset of the first `needle`, or of the first `needle` after the first `after` when given. */
export function offsetOf(doc: vscode.TextDocument, needle: string, after?: string): number {
  const text = doc.getText();
  const from = after === undefined ? 0 : text.indexOf(after);
  assert.ok(from >= 0, `${after} is in ${doc.uri.path}`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} is in ${doc.uri.path}${after ? ` after ${after}` : ''}`);
  return at;
}

/** Replaces text in an editor; the edit must apply. */
export async function replace(editor: vscode.TextEditor, range: vscode.Range, text: string): Promise<void> {
  const ok = await editor.edit((b) => b.replace(range, text));
  assert.ok(ok, `edit at ${range.start.line + 1}:${range.start.character + 1} applied`);
}

/** Throws away unsaved changes of a file, so that the next test starts from the disk's text. */
export async function revert(relative: string): Promise<void> {
  const editor = await open(relative);
  if (editor.document.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
  await poll(`${relative} to be reverted`, () => (editor.document.isDirty ? undefined : true), 10_000);
}

export function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return (list?.items ?? []).map(label);
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}
