/**
 * Server entry point. `node dist/server.js --stdio` runs it for any LSP client; VS Code starts it over IPC.
 */
import { ProposedFeatures, StreamMessageReader, StreamMessageWriter, createConnection } from 'vscode-languageserver/node';
import { describeError, startServer } from './server';
import { FramingGuard } from './stdioFraming';

/** A message whose body has not arrived after this long will never arrive (a bogus Content-Length). */
const PARTIAL_MESSAGE_LIMIT_MS = 30_000;

/**
 * Over stdio, a framing error (no Content-Length, a negative one or one that is not a number, one larger than any
 * message we could read, a body that never comes) leaves the stream unreadable: every later message would be misread.
 * Exit with an error, so that the client restarts us, instead of staying alive and never answering again.
 */
function stdioReader(): StreamMessageReader {
  const fail = (why: string) => {
    process.stderr.write(`b2c-policy-tools: ${why}; exiting so that the client can restart the server.\n`);
    process.exit(1);
  };
  const reader = new StreamMessageReader(process.stdin.pipe(new FramingGuard((why) => fail(`unreadable message framing (${why})`))));
  reader.onError((e) => fail(`unreadable message framing (${e.message.split('\n')[0]})`));
  reader.onPartialMessage((info) => { if (info.waitingTime >= PARTIAL_MESSAGE_LIMIT_MS) fail('a message body never arrived'); });
  return reader;
}

// A request cancelled while it waits in the queue reaches its handler with a cancelled token; runSafe answers RequestCancelled.
const connection = process.argv.includes('--stdio')
  ? createConnection(ProposedFeatures.all, stdioReader(), new StreamMessageWriter(process.stdout))
  : createConnection(ProposedFeatures.all);
process.on('uncaughtException', (e) => connection.console.error(`Uncaught: ${describeError(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${describeError(e)}`));
startServer(connection);
