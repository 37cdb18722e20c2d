/**
 * Command-line checker: `b2c-policy check|chain|refs ...`. Same engine, index and chains as the server;
 * the commands live in node/cli/.
 */
import { runCli } from './node/cli/run';
import { injectTestFaults } from './node/testFaults';

// A reader that stops early (`b2c-policy check | head -1`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
injectTestFaults(process.env);
process.exitCode = runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
