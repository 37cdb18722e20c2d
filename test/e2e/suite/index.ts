// Entry point that VS Code's extension host loads as extensionTestsPath. It
// runs every bundled *.test.js beside it with mocha. Its reporter tags each
// line with "E2E:" so the runner can tell the suite's output from the
// workbench's own log, and ends with an "E2E-RESULT {...}" line that the
// runner turns into "N passed, N failed".
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import Mocha from 'mocha';

function say(...args: unknown[]): void {
  console.log('E2E: ' + format(...args));
}

class TaggedReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let depth = 0;
    runner.on('suite', (suite) => {
      if (suite.title) say(`${'  '.repeat(depth)}${suite.title}`);
      depth++;
    });
    runner.on('suite end', () => void depth--);
    runner.on('pass', (test) => say(`${'  '.repeat(depth)}✔ ${test.title} (${test.duration ?? 0} ms)`));
    runner.on('fail', (test, err: Error) => {
      say(`${'  '.repeat(depth)}✘ ${test.title}`);
      say(`${'  '.repeat(depth + 1)}${err.stack ?? err.message}`);
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: TaggedReporter });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js'));
  for (const file of files.sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      console.log(`E2E-RESULT ${JSON.stringify({ passed, failed: failures })}`);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
  });
}
