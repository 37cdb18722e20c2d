/**
 * Server entry point. `node dist/server.js --stdio` runs it for any LSP client; VS Code starts it over IPC.
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (e) => connection.console.error(`Uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
startServer(connection);
