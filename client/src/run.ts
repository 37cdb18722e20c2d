/**
 * "B2C: Run policy" and "B2C: Inspect token": quick picks and input boxes around the server's requests, a
 * DiagnosticCollection for the run-profile file, and the read-only token report with go-to-definition. The
 * extension sends nothing anywhere: the URL goes to the clipboard or to the user's browser (openExternal).
 */
import {
  CancellationToken, Diagnostic, DiagnosticCollection, EventEmitter, ExtensionContext, Location, Position, QuickPickItem, Range,
  TextDocument, TextDocumentContentProvider, Uri, commands, env, languages, window, workspace,
} from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';

interface RunProfile {
  name: string; clientId: string; redirectUri?: string; scopes?: string[]; responseType?: string; pkce?: boolean; spa?: boolean;
  prompt?: string; environment?: string; [key: string]: unknown;
}
interface Problem { code: string; serviceCode?: string; severity: 'error' | 'warning'; message: string }
type AuthorizeAnswer =
  | { ok: true; url: string; warnings: string[]; problems: Problem[]; pkce?: { verifier: string; challenge: string }; tokenRequest?: { curl: string; http: string } }
  | { ok: false; error: string; problems: Problem[] };
interface LspRange { start: { line: number; character: number }; end: { line: number; character: number } }
interface TokenAnswer { text?: string; error?: string; links?: Array<{ range: LspRange; targetUri: string; targetRange: LspRange }> }

export const TOKEN_SCHEME = 'b2c-token';
const PROFILE_FILE = /[\\/]\.vscode[\\/]b2c-run\.json$/;

export function registerRunCommands(context: ExtensionContext, client: () => LanguageClient | undefined): void {
  const reports = new TokenReports();
  const diagnostics = languages.createDiagnosticCollection('b2c-run');
  const check = (doc: TextDocument) => void checkProfileFile(client(), diagnostics, doc);
  context.subscriptions.push(
    diagnostics,
    workspace.registerTextDocumentContentProvider(TOKEN_SCHEME, reports),
    languages.registerDefinitionProvider({ scheme: TOKEN_SCHEME }, { provideDefinition: (d, p) => reports.definition(d.uri, p) }),
    commands.registerCommand('b2cPolicy.runPolicy', (uri?: string | Uri) => runPolicy(client(), uri)),
    commands.registerCommand('b2cPolicy.inspectToken', () => inspectToken(client(), reports)),
    workspace.onDidOpenTextDocument(check),
    workspace.onDidChangeTextDocument((e) => check(e.document)),
    workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
  );
  for (const d of workspace.textDocuments) check(d);
}

async function checkProfileFile(client: LanguageClient | undefined, diagnostics: DiagnosticCollection, doc: TextDocument): Promise<void> {
  if (doc.uri.scheme !== 'file' || !PROFILE_FILE.test(doc.uri.fsPath) || !client?.isRunning()) return;
  const version = doc.version;
  const found = await client.sendRequest<Array<{ range: LspRange; severity: number; code: string; message: string }>>('b2cPolicy/runProfileDiagnostics', { text: doc.getText() });
  if (doc.version !== version || doc.isClosed) return;
  diagnostics.set(doc.uri, found.map((d) => {
    const diag = new Diagnostic(toRange(d.range), d.message, d.severity - 1);
    diag.code = d.code;
    diag.source = 'b2c-policy';
    return diag;
  }));
}

async function runPolicy(client: LanguageClient | undefined, given?: string | Uri): Promise<void> {
  const uri = given ? given.toString() : window.activeTextEditor?.document.uri.toString();
  if (!client?.isRunning() || !uri) return void window.showInformationMessage('Open a relying-party policy to run it.');
  const profile = await pickProfile(client, uri);
  if (!profile) return;
  const answer = await client.sendRequest<AuthorizeAnswer | null>('b2cPolicy/authorize', { uri, profile });
  if (!answer) return;
  const problems = answer.problems.map((p) => `${p.code}${p.serviceCode ? ` ${p.serviceCode}` : ''}: ${p.message}`);
  if (!answer.ok) return void window.showErrorMessage(`Run policy: ${answer.error} ${problems.join(' ')}`, { modal: false });
  for (const w of [...problems, ...answer.warnings]) void window.showWarningMessage(w);
  const actions = ['Copy URL', 'Open in browser', ...(answer.tokenRequest ? ['Copy token request (curl)'] : [])];
  const choice = await window.showQuickPick(actions, { title: `Run ${profile.name}`, placeHolder: answer.url });
  if (choice === 'Open in browser') await env.openExternal(Uri.parse(answer.url, true));
  else if (choice === 'Copy URL') await env.clipboard.writeText(answer.url);
  else if (choice && answer.tokenRequest) await env.clipboard.writeText(answer.tokenRequest.curl);
  if (choice && answer.pkce) void window.showInformationMessage(`PKCE code_verifier for the token request: ${answer.pkce.verifier}`);
}

async function pickProfile(client: LanguageClient, uri: string): Promise<RunProfile | undefined> {
  const file = await client.sendRequest<{ fileUri?: string; profiles: RunProfile[] } | null>('b2cPolicy/runProfiles', { uri });
  const create: QuickPickItem & { profile?: RunProfile } = { label: '$(add) Create a run profile…' };
  const items: Array<QuickPickItem & { profile?: RunProfile }> = [
    ...(file?.profiles ?? []).map((p) => ({ label: p.name, description: `${p.responseType ?? 'id_token'} · ${(p.scopes ?? ['openid']).join(' ')}`, detail: p.clientId, profile: p })),
    create,
  ];
  const picked = items.length === 1 ? create : await window.showQuickPick(items, { title: 'Run policy', placeHolder: 'Choose a run profile' });
  if (!picked) return undefined;
  if (picked.profile) return picked.profile;
  const profile = await askProfile();
  if (profile) await saveProfile(client, uri, profile);
  return profile;
}

async function askProfile(): Promise<RunProfile | undefined> {
  const clientId = await window.showInputBox({ title: 'New run profile (1/4)', prompt: 'Application (client) id of the app registration', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Required') });
  if (!clientId) return undefined;
  const type = await window.showQuickPick(['id_token', 'code', 'id_token token', 'code id_token'], { title: 'New run profile (2/4): response type' });
  if (!type) return undefined;
  const scopes = await window.showInputBox({ title: 'New run profile (3/4)', prompt: 'Scopes, separated by spaces', value: type.includes('token') && !type.includes('id_token') ? '' : 'openid', ignoreFocusOut: true });
  if (scopes === undefined) return undefined;
  const redirectUri = await window.showInputBox({ title: 'New run profile (4/4)', prompt: 'Redirect URI registered for the app', value: 'https://jwt.ms', ignoreFocusOut: true });
  if (redirectUri === undefined) return undefined;
  const name = await window.showInputBox({ title: 'Name of the run profile', value: `${type} ${clientId.slice(0, 8)}`, ignoreFocusOut: true });
  if (!name) return undefined;
  return { name, clientId: clientId.trim(), responseType: type, scopes: scopes.split(/\s+/).filter(Boolean), redirectUri, ...(type.includes('code') ? { pkce: true } : {}) };
}

async function saveProfile(client: LanguageClient, uri: string, profile: RunProfile): Promise<void> {
  const edit = await client.sendRequest<{ fileUri: string; text: string } | null>('b2cPolicy/addRunProfile', { uri, profile });
  if (edit) await workspace.fs.writeFile(Uri.parse(edit.fileUri), Buffer.from(edit.text, 'utf8'));
}

async function inspectToken(client: LanguageClient | undefined, reports: TokenReports): Promise<void> {
  if (!client?.isRunning()) return;
  const editor = window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const token = selected || (await env.clipboard.readText());
  if (!token.trim()) return void window.showInformationMessage('Select a token or copy one to the clipboard, then run B2C: Inspect token.');
  const policyUri = await pickPolicy(client, editor?.document.uri.toString());
  if (policyUri === null) return;
  const answer = await client.sendRequest<TokenAnswer | null>('b2cPolicy/inspectToken', { token, policyUri });
  if (!answer) return;
  if (answer.error !== undefined) return void window.showErrorMessage(`Inspect token: ${answer.error}`);
  const doc = await workspace.openTextDocument(reports.add(answer));
  await window.showTextDocument(doc, { preview: false });
}

/** The active relying party, else one picked from the workspace's; undefined = no policy, null = cancelled. */
async function pickPolicy(client: LanguageClient, active: string | undefined): Promise<string | undefined | null> {
  const rps = await client.sendRequest<Array<{ uri: string; policyId: string }>>('b2cPolicy/relyingParties');
  if (active && rps.some((r) => r.uri === active)) return active;
  if (!rps.length) return undefined;
  const none = { label: 'No policy', description: 'decode only', uri: undefined as string | undefined };
  const items = [none, ...rps.map((r) => ({ label: r.policyId || '(no PolicyId)', description: workspace.asRelativePath(Uri.parse(r.uri)), uri: r.uri as string | undefined }))];
  const picked = await window.showQuickPick(items, { title: 'Inspect token', placeHolder: 'Map the claims to which relying party?' });
  return picked ? picked.uri : null;
}

/** Read-only documents holding token reports, and the claim → OutputClaim links inside them. */
class TokenReports implements TextDocumentContentProvider {
  private readonly texts = new Map<string, TokenAnswer>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  private count = 0;

  add(answer: TokenAnswer): Uri {
    const uri = Uri.from({ scheme: TOKEN_SCHEME, path: `/Token ${++this.count}.txt` });
    this.texts.set(uri.toString(), answer);
    return uri;
  }

  provideTextDocumentContent(uri: Uri, _token: CancellationToken): string {
    return this.texts.get(uri.toString())?.text ?? '';
  }

  definition(uri: Uri, position: Position): Location[] {
    const links = this.texts.get(uri.toString())?.links ?? [];
    return links.filter((l) => toRange(l.range).contains(position)).map((l) => new Location(Uri.parse(l.targetUri), toRange(l.targetRange)));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function toRange(r: LspRange): Range {
  return new Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

