/**
 * Command-line checker: `b2c-policy check [paths...]`. Same engine and chains as the server.
 */
import * as path from 'path';
import { Workspace } from './node/workspace';
import { doValidation } from './service/languageService';
import { sanitizeSettings, validationOptions } from './node/settings';
import { uriToPath } from './node/files';

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command !== 'check') {
    process.stderr.write('usage: b2c-policy check [paths...]\n');
    return 2;
  }
  const roots = rest.length ? rest : ['.'];
  const ws = new Workspace();
  const uris = ws.scan(roots);
  const options = validationOptions(sanitizeSettings({}));
  let errors = 0, warnings = 0;
  for (const uri of uris.sort()) {
    const parsed = ws.parsed(uri);
    if (!parsed) continue;
    for (const d of doValidation({ file: parsed.file, xml: parsed.xml, index: ws.index, options })) {
      const sev = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : d.severity === 3 ? 'info' : 'hint';
      if (d.severity === 1) errors++;
      else if (d.severity === 2) warnings++;
      const p = path.relative(process.cwd(), uriToPath(uri) ?? uri);
      process.stdout.write(`${p}:${d.range.start.line + 1}:${d.range.start.character + 1} ${sev} ${d.code} ${d.message}\n`);
    }
  }
  process.stdout.write(`${uris.length} policy files checked: ${errors} errors, ${warnings} warnings\n`);
  return errors ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
