/**
 * "B2C: Show journey": a webview that draws a relying party's merged journey. Thin: the server answers
 * `b2cPolicy/journey` (which relying party, and the journey model), the pure journeyHtml module draws it, and
 * this file asks which relying party when several run the journey, reveals what a click names, and re-draws
 * (debounced) when a policy file changes. The page runs one nonce'd script under a strict CSP and loads nothing.
 */
import { randomBytes } from 'crypto';
import {
  Disposable, ExtensionContext, QuickPickItem, Range, Selection, TextEditorRevealType, Uri, ViewColumn, WebviewPanel, commands, window, workspace,
} from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { JourneyHtml, journeyPage, renderJourneyHtml, renderJourneyMessage } from '../../server/src/service/journey/journeyHtml';
import type { JourneyAnswer, JourneyLeaf } from '../../server/src/service/journey/journeyRequest';
import type { SourceRef } from '../../server/src/service/journey/types';

export const SHOW_JOURNEY = 'b2cPolicy.showJourney';
/** Not contributed (no palette entry): what each open journey view last drew, for the end-to-end suite. */
export const JOURNEY_VIEW_STATE = 'b2cPolicy.journeyViewState';
const REFRESH_MS = 400;

interface Request {
  readonly uri: string;
  readonly journey?: string;
  readonly leaf?: string;
  readonly offset?: number;
}

/** What the command returns (the e2e suite reads it; a webview's content is not reachable from the API). */
export interface ShownJourney {
  readonly title: string;
  readonly leaf?: string;
  readonly journeyId?: string;
  readonly body: string;
  readonly targets: readonly SourceRef[];
}

export function registerJourneyView(context: ExtensionContext, client: () => LanguageClient | undefined): void {
  const views = new Map<string, JourneyPanel>();
  context.subscriptions.push(
    commands.registerCommand(SHOW_JOURNEY, (uri?: string | Uri, args?: { journey?: string; leaf?: string }) => showJourney(client(), views, uri, args)),
    commands.registerCommand(JOURNEY_VIEW_STATE, () => [...views.values()].map((v) => v.state)),
    { dispose: () => { for (const v of [...views.values()]) v.dispose(); } },
  );
}

async function showJourney(client: LanguageClient | undefined, views: Map<string, JourneyPanel>, given?: string | Uri, args?: { journey?: string; leaf?: string }): Promise<ShownJourney | undefined> {
  const editor = window.activeTextEditor;
  const uri = given ? given.toString() : editor?.document.uri.toString();
  if (!client?.isRunning() || !uri) {
    void window.showInformationMessage('Open a B2C policy file to show its journey.');
    return undefined;
  }
  // From the palette, the UserJourney around the cursor (if any) is the one meant.
  const offset = !given && editor && !args?.journey ? editor.document.offsetAt(editor.selection.active) : undefined;
  let request: Request = { uri, journey: args?.journey, leaf: args?.leaf, offset };
  let answer = await client.sendRequest<JourneyAnswer | null>('b2cPolicy/journey', request);
  if (!answer) {
    void window.showInformationMessage('The file is not a B2C policy.');
    return undefined;
  }
  if (!answer.leaf && answer.leaves.length > 1) {
    const leaf = await pickLeaf(answer);
    if (!leaf) return undefined;
    request = { ...request, leaf: leaf.uri, journey: answer.journeyId, offset: undefined };
    answer = await client.sendRequest<JourneyAnswer | null>('b2cPolicy/journey', request);
    if (!answer) return undefined;
  } else if (answer.journeyId) request = { ...request, journey: answer.journeyId, offset: undefined };
  if (!answer.model || !answer.leaf) {
    void window.showInformationMessage(answer.message ?? 'There is no journey to show here.');
    return undefined;
  }
  request = { ...request, leaf: answer.leaf };
  const key = `${answer.leaf}\u0000${(answer.journeyId ?? '').toLowerCase()}`;
  let view = views.get(key);
  if (view) view.reveal();
  else {
    view = new JourneyPanel(client, request, () => views.delete(key));
    views.set(key, view);
  }
  return view.draw(answer);
}

async function pickLeaf(answer: JourneyAnswer): Promise<JourneyLeaf | undefined> {
  const items: Array<QuickPickItem & { leaf: JourneyLeaf }> = answer.leaves.map((leaf) => ({
    label: leaf.policyId ?? '(no PolicyId)',
    description: workspace.asRelativePath(Uri.parse(leaf.uri)),
    detail: leaf.journey ? `DefaultUserJourney ${leaf.journey}` : undefined,
    leaf,
  }));
  const picked = await window.showQuickPick(items, {
    title: `${answer.leaves.length} relying parties run ${answer.journeyId ? `UserJourney ${answer.journeyId}` : 'journeys from this file'}`,
    placeHolder: 'Show the journey as this relying party runs it (merged along its chain)',
  });
  return picked?.leaf;
}

class JourneyPanel {
  private readonly panel: WebviewPanel;
  private readonly subscriptions: Disposable[] = [];
  private targets: readonly SourceRef[] = [];
  private timer: NodeJS.Timeout | undefined;
  private loaded = false;
  /** The body last drawn: a hidden webview is reloaded from its first page when shown again, and then asks for it. */
  private latestBody = '';
  /** Requests in flight answer in any order: only the newest is drawn. */
  private sequence = 0;
  private disposed = false;
  /** The last drawing and how many there have been. */
  state: (ShownJourney & { readonly draws: number }) | undefined;

  constructor(private readonly client: LanguageClient, private readonly request: Request, private readonly onDispose: () => void) {
    // No local resources at all: the page is one HTML string with its style and script inline (nonce'd).
    this.panel = window.createWebviewPanel('b2cPolicy.journey', 'Journey', { viewColumn: ViewColumn.Beside, preserveFocus: false }, { enableScripts: true, localResourceRoots: [] });
    this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.subscriptions);
    this.panel.onDidDispose(() => this.dispose(), undefined, this.subscriptions);
    const schedule = (uri: Uri) => { if (uri.path.toLowerCase().endsWith('.xml')) this.schedule(); };
    workspace.onDidChangeTextDocument((e) => schedule(e.document.uri), undefined, this.subscriptions);
    const watcher = workspace.createFileSystemWatcher('**/*.xml');
    this.subscriptions.push(watcher, watcher.onDidChange(schedule), watcher.onDidCreate(schedule), watcher.onDidDelete(schedule));
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Draws an answer: the first time as the whole page, then as an update that keeps scroll and focus. */
  draw(answer: JourneyAnswer): ShownJourney {
    const model = answer.model;
    const leaf = answer.leaves.find((l) => l.uri === answer.leaf);
    const journeyId = model?.journey?.id ?? answer.journeyId ?? model?.defaultJourneyId;
    const title = `Journey ${journeyId ?? ''}${leaf?.policyId ? ` · ${leaf.policyId}` : ''}`;
    const note = leaf && `Merged as ${leaf.policyId ?? workspace.asRelativePath(Uri.parse(leaf.uri))} runs it${answer.leaves.length > 1 ? ` (${answer.leaves.length} relying parties run this journey)` : ''}.`;
    const html: JourneyHtml = model ? renderJourneyHtml(model, note) : renderJourneyMessage(answer.message ?? 'There is no journey to show.');
    this.targets = html.targets;
    this.latestBody = html.body;
    this.panel.title = title;
    if (!this.loaded) {
      this.loaded = true;
      this.panel.webview.html = journeyPage({ title, body: html.body, nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource });
    } else void this.panel.webview.postMessage({ type: 'update', body: html.body });
    const shown = { title, leaf: answer.leaf, journeyId, body: html.body, targets: html.targets };
    this.state = { ...shown, draws: (this.state?.draws ?? 0) + 1 };
    return shown;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
  }

  private async refresh(): Promise<void> {
    this.timer = undefined;
    if (!this.client.isRunning()) return;
    const sequence = ++this.sequence;
    try {
      const answer = await this.client.sendRequest<JourneyAnswer | null>('b2cPolicy/journey', this.request);
      if (sequence !== this.sequence || this.disposed) return;
      if (answer) this.draw(answer);
      else this.draw({ leaves: [], message: 'The file is no longer a B2C policy.' });
    } catch {
      // The server may be indexing or restarting: the next change draws again.
    }
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!m || typeof m !== 'object') return;
    if ((m as { type?: unknown }).type === 'ready') {
      void this.panel.webview.postMessage({ type: 'update', body: this.latestBody });
      return;
    }
    if ((m as { type?: unknown }).type !== 'reveal') return;
    const index = (m as { target?: unknown }).target;
    const target = typeof index === 'number' ? this.targets[index] : undefined;
    if (target) await revealTarget(target);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.onDispose();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.panel.dispose();
  }
}

/** Opens a target's file beside the journey and selects its range. */
export async function revealTarget(target: SourceRef): Promise<void> {
  const r = target.range;
  const range = new Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const editor = await window.showTextDocument(Uri.parse(target.uri), { viewColumn: ViewColumn.One, preserveFocus: false });
  editor.selection = new Selection(range.start, range.end);
  editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
}
