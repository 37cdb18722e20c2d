/**
 * The VS Code client: starts the language server and nothing more. All language intelligence is in server/.
 */
import * as path from 'path';
import { ExtensionContext, workspace } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'xml' }, { scheme: 'untitled', language: 'xml' }],
    synchronize: {
      configurationSection: 'b2cPolicy',
      fileEvents: workspace.createFileSystemWatcher('**/*.xml'),
    },
    initializationOptions: { settings: workspace.getConfiguration('b2cPolicy') },
  };
  client = new LanguageClient('b2cPolicy', 'B2C Policy Tools', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
