/**
 * Command-line checker: `b2c-policy check|chain|refs ...`. Same engine, index and chains as the server;
 * the commands live in node/cli/.
 */
import { runCli } from './node/cli/run';

process.exitCode = runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
