/**
 * Server entry point. `node dist/server.js --stdio` runs it for any LSP client; VS Code starts it over IPC.
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { describeError, startServer } from './server';

// A request cancelled while it waits in the queue reaches its handler with a cancelled token; runSafe answers RequestCancelled.
const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (e) => connection.console.error(`Uncaught: ${describeError(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${describeError(e)}`));
startServer(connection);
