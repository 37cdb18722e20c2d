/**
 * Command-line checker: `b2c-policy check|chain|refs ...`. Same engine, index and chains as the server;
 * the commands live in node/cli/.
 */
import { runCliAsync } from './node/cli/run';

void runCliAsync(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr })
  .then((code) => { process.exitCode = code; });
