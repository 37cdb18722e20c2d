/**
 * The VS Code client: starts the language server and adds a few commands and a status item.
 * All language intelligence is in server/; this file only forwards.
 */
import * as path from 'path';
import {
  ExtensionContext, LanguageStatusItem, LanguageStatusSeverity, QuickPickItem, TextEditor, Uri, commands, languages, window, workspace,
} from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

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
    window.onDidChangeActiveTextEditor((e) => updateStatus(status, e)),
    languages.onDidChangeDiagnostics(() => updateStatus(status, window.activeTextEditor)),
  );
  await client.start();
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

export async function deactivate(): Promise<void> {
  await client?.stop();
}
