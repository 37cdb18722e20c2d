/**
 * The VS Code client: starts the language server and adds a few commands and a status item.
 * All language intelligence is in server/; this file only forwards.
 */
import * as path from 'path';
import {
  ConfigurationTarget, ExtensionContext, LanguageStatusItem, LanguageStatusSeverity, QuickPickItem, TextEditor, Uri, commands, languages, window, workspace,
} from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerBuildCommands } from './buildCommands';
import { registerRunCommands } from './run';
import { registerJourneyView } from './journeyView';
import { registerEffectiveDocuments } from './effectiveDocument';

/** Shape of the server's `b2cPolicy/chain` answer. */
interface ChainInfo {
  readonly status: 'root' | 'complete' | 'ambiguous' | 'incomplete' | 'cycle' | 'not-policy';
  readonly files: ReadonlyArray<{ readonly uri: string; readonly policyId: string }>;
  readonly missing?: string;
  readonly candidates?: readonly string[];
}

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'xml' }, { scheme: 'untitled', language: 'xml' }],
    // File events come from the watchers the server registers itself (the same for every LSP client).
    synchronize: { configurationSection: 'b2cPolicy' },
    initializationOptions: { settings: workspace.getConfiguration('b2cPolicy') },
    middleware: {
      // Commands run from the palette carry no arguments: give the server the active document and cursor.
      executeCommand: (command, args, next) => {
        const editor = window.activeTextEditor;
        if (!args.length && editor) args = [editor.document.uri.toString(), editor.selection.active];
        return next(command, args);
      },
    },
  };
  client = new LanguageClient('b2cPolicy', 'B2C Policy Tools', serverOptions, clientOptions);
  const status = languages.createLanguageStatusItem('b2cPolicy.chain', { language: 'xml' });
  status.name = 'B2C policy chain';
  status.command = { command: 'b2cPolicy.showChain', title: 'Show chain' };
  context.subscriptions.push(
    status,
    commands.registerCommand('b2cPolicy.restartServer', () => client?.restart()),
    commands.registerCommand('b2cPolicy.showOutput', () => client?.outputChannel.show()),
    commands.registerCommand('b2cPolicy.showChain', () => showChain()),
    // Run by the server's quick fixes on B104 / B103 (and from the palette): settings are the client's to write.
    commands.registerCommand('b2cPolicy.pinBasePolicy', (policyId: unknown, target: unknown) => pinBasePolicy(policyId, target)),
    commands.registerCommand('b2cPolicy.addBaseFolder', (policyId: unknown) => addBaseFolder(policyId)),
    window.onDidChangeActiveTextEditor((e) => updateStatus(status, e)),
    languages.onDidChangeDiagnostics(() => updateStatus(status, window.activeTextEditor)),
  );
  registerBuildCommands(context);
  registerEffectiveDocuments(context, () => client);
  await client.start();
  registerRunCommands(context, () => client);
  registerJourneyView(context, () => client);
  await updateStatus(status, window.activeTextEditor);
}

async function chainOf(uri: Uri): Promise<ChainInfo | null> {
  if (!client?.isRunning()) return null;
  return client.sendRequest<ChainInfo | null>('b2cPolicy/chain', { uri: uri.toString() });
}

const STATUS_TEXT: Record<ChainInfo['status'], string> = {
  root: 'no base policy', complete: 'chain complete', ambiguous: 'base ambiguous', incomplete: 'base not in workspace', cycle: 'inheritance cycle', 'not-policy': '',
};

async function updateStatus(status: LanguageStatusItem, editor: TextEditor | undefined): Promise<void> {
  const chain = editor ? await chainOf(editor.document.uri).catch(() => null) : null;
  if (!chain) {
    status.text = 'B2C: not a policy';
    status.detail = undefined;
    status.severity = LanguageStatusSeverity.Information;
    return;
  }
  status.text = `B2C: ${chain.files.map((f) => f.policyId).reverse().join(' ← ')}`;
  status.detail = STATUS_TEXT[chain.status] + (chain.missing ? ` (${chain.missing})` : '');
  status.severity = chain.status === 'cycle' ? LanguageStatusSeverity.Error
    : chain.status === 'incomplete' || chain.status === 'ambiguous' ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
}

async function showChain(): Promise<void> {
  const editor = window.activeTextEditor;
  const chain = editor && (await chainOf(editor.document.uri));
  if (!chain) {
    void window.showInformationMessage('The active file is not a B2C policy.');
    return;
  }
  const candidates = new Set(chain.candidates ?? []);
  const firstCandidate = chain.files.findIndex((f) => candidates.has(f.uri));
  // Past the first candidate the files are alternatives, not further levels: say which is which.
  const detail = (uri: string, i: number) => i === 0 ? 'this file'
    : candidates.has(uri) ? `one of ${candidates.size} candidate bases (the base is ambiguous)`
    : firstCandidate >= 0 && i > firstCandidate ? 'in the chain of a candidate base'
    : `base level ${i}`;
  const items: Array<QuickPickItem & { uri: string }> = chain.files.map((f, i) => ({
    label: f.policyId || '(no PolicyId)',
    description: workspace.asRelativePath(Uri.parse(f.uri)),
    detail: detail(f.uri, i),
    uri: f.uri,
  }));
  const picked = await window.showQuickPick(items, { title: `Inheritance chain: ${STATUS_TEXT[chain.status]}`, placeHolder: 'Open a policy of the chain' });
  if (picked) await window.showTextDocument(Uri.parse(picked.uri));
}

/** Where a setting is written: the workspace when one is open, else the user's settings. */
function settingsTarget(): ConfigurationTarget {
  return workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
}

/** A path as the settings hold it: relative to the first workspace folder when inside it, else absolute. */
function settingPath(uri: Uri): string {
  const first = workspace.workspaceFolders?.[0];
  const rel = first ? path.relative(first.uri.fsPath, uri.fsPath) : '';
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : uri.fsPath;
}

/** Writes b2cPolicy.basePolicyPins[policyId] (PolicyIds match in any case: an old spelling is replaced). */
async function pinBasePolicy(policyId: unknown, target: unknown): Promise<void> {
  if (typeof policyId !== 'string' || typeof target !== 'string') return;
  const config = workspace.getConfiguration('b2cPolicy');
  const inspected = config.inspect<Record<string, string>>('basePolicyPins');
  const current = (settingsTarget() === ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? {};
  const pins = Object.fromEntries(Object.entries(current).filter(([k]) => k.toLowerCase() !== policyId.toLowerCase()));
  pins[policyId] = settingPath(Uri.parse(target));
  await config.update('basePolicyPins', pins, settingsTarget());
}

/** Asks for a folder and adds it to b2cPolicy.baseFolders. */
async function addBaseFolder(policyId: unknown): Promise<void> {
  const picked = await window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Add as base folder',
    title: typeof policyId === 'string' ? `A folder that holds ${policyId}` : 'A folder of base policies',
  });
  if (!picked?.length) return;
  const config = workspace.getConfiguration('b2cPolicy');
  const inspected = config.inspect<string[]>('baseFolders');
  const current = (settingsTarget() === ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  const value = settingPath(picked[0]);
  if (!current.includes(value)) await config.update('baseFolders', [...current, value], settingsTarget());
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
