/**
 * "B2C: Show effective technical profile" / "B2C: Show effective journey": read-only documents (scheme
 * `b2c-effective`) holding the merged XML the server's `b2cPolicy/effectiveXml` request writes. They are refreshed
 * when a policy is edited. Also `b2cPolicy.showReferences`, which the server's definition CodeLens runs: the lens
 * arguments arrive as JSON, and `editor.action.showReferences` wants VS Code's Uri, Position and Location.
 */
import { CancellationToken, EventEmitter, ExtensionContext, TextDocumentContentProvider, Uri, commands, window, workspace } from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import type { Location as LspLocation, Position as LspPosition } from 'vscode-languageclient/node';

export const EFFECTIVE_SCHEME = 'b2c-effective';

type Kind = 'TechnicalProfile' | 'UserJourney' | 'SubJourney';
interface Target { uri: string; kind?: Kind; id?: string; position?: LspPosition; want?: 'TechnicalProfile' | 'Journey'; view?: string }
interface Answer { kind: Kind; id: string; view: string; text: string; redefinedIn: string[] }

export function registerEffectiveDocuments(context: ExtensionContext, client: () => LanguageClient | undefined): void {
  const provider = new EffectiveDocuments(client);
  let timer: NodeJS.Timeout | undefined;
  context.subscriptions.push(
    provider,
    workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, provider),
    commands.registerCommand('b2cPolicy.showEffective', (uri?: string, kind?: Kind, id?: string) =>
      uri && kind && id ? provider.show({ uri, kind, id }) : atCursor(provider)),
    commands.registerCommand('b2cPolicy.showEffectiveProfile', () => atCursor(provider, 'TechnicalProfile')),
    commands.registerCommand('b2cPolicy.showEffectiveJourney', () => atCursor(provider, 'Journey')),
    commands.registerCommand('b2cPolicy.showReferences', async (uri: string, position: LspPosition, locations?: LspLocation[]) => {
      const c = client();
      if (!c?.isRunning()) return;
      // The reference lens sends no locations (they would make a base's lenses heavy): ask for them now.
      const found = locations ?? await c.sendRequest<LspLocation[] | null>('textDocument/references', {
        textDocument: { uri }, position, context: { includeDeclaration: false },
      }) ?? [];
      const p2c = c.protocol2CodeConverter;
      await commands.executeCommand('editor.action.showReferences', Uri.parse(uri), p2c.asPosition(position), found.map((l) => p2c.asLocation(l)));
    }),
    // An edit to a policy can change any merged view: refresh the open ones after a pause.
    workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId !== 'xml' || e.document.uri.scheme === EFFECTIVE_SCHEME) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => provider.refreshOpen(), 800);
    }),
  );
}

async function atCursor(provider: EffectiveDocuments, want?: 'TechnicalProfile' | 'Journey'): Promise<void> {
  const editor = window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === EFFECTIVE_SCHEME) {
    return void window.showInformationMessage('Put the cursor in a technical profile or journey of a policy file, or on a reference to one.');
  }
  const p = editor.selection.active;
  await provider.show({ uri: editor.document.uri.toString(), position: { line: p.line, character: p.character }, want }, true);
}

class EffectiveDocuments implements TextDocumentContentProvider {
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  private readonly targets = new Map<string, Target>();

  constructor(private readonly client: () => LanguageClient | undefined) {}

  private async request(target: Target): Promise<Answer | null> {
    const c = this.client();
    if (!c?.isRunning()) return null;
    return c.sendRequest<Answer | null>('b2cPolicy/effectiveXml', target);
  }

  /** Shows the element in the document's own view; with `offerViews`, first asks which view when files below define it again. */
  async show(target: Target, offerViews = false): Promise<void> {
    let answer = await this.request(target);
    if (!answer) {
      const what = target.want === 'Journey' ? 'journey' : target.want === 'TechnicalProfile' ? 'technical profile' : 'technical profile or journey';
      return void window.showInformationMessage(`No ${what} here that the chain defines: put the cursor inside one, or on a reference to one.`);
    }
    if (offerViews && answer.redefinedIn.length) {
      const name = (u: string) => decodeURIComponent(u.slice(u.lastIndexOf('/') + 1));
      const items = [
        { label: name(answer.view), description: 'this file\'s view', view: answer.view },
        ...answer.redefinedIn.map((u) => ({ label: name(u), description: `defines ${answer!.id} again: its relying parties see this merge`, view: u })),
      ];
      const picked = await window.showQuickPick(items, { title: `Effective ${answer.id}`, placeHolder: 'Whose view of the chain?' });
      if (!picked) return;
      if (picked.view !== answer.view) answer = await this.request({ uri: target.uri, kind: answer.kind, id: answer.id, view: picked.view });
      if (!answer) return;
    }
    // One document per element and view; its query says what to ask the server again on refresh.
    const fixed: Target = { uri: target.uri, kind: answer.kind, id: answer.id, view: answer.view };
    const viewName = decodeURIComponent(answer.view.slice(answer.view.lastIndexOf('/') + 1)).replace(/\.xml$/i, '');
    const uri = Uri.from({ scheme: EFFECTIVE_SCHEME, path: `/${answer.id.replace(/[\\/]/g, '_')} (effective, ${viewName}).xml`, query: JSON.stringify(fixed) });
    this.targets.set(uri.toString(), fixed);
    const doc = await workspace.openTextDocument(uri);
    await window.showTextDocument(doc, { preview: false, preserveFocus: false });
  }

  async provideTextDocumentContent(uri: Uri, _token: CancellationToken): Promise<string> {
    let target = this.targets.get(uri.toString());
    if (!target) {
      try { target = JSON.parse(uri.query) as Target; } catch { return '<!-- Not an effective-policy document. -->\n'; }
    }
    const answer = await this.request(target).catch(() => null);
    return answer?.text ?? `<!-- ${target.id ?? 'This element'} is no longer defined in this chain, or the language server is not running. -->\n`;
  }

  refreshOpen(): void {
    for (const doc of workspace.textDocuments) if (doc.uri.scheme === EFFECTIVE_SCHEME && !doc.isClosed) this.changed.fire(doc.uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
