/**
 * "No network calls" holds for everything but deploy: only server/src/node/deploy/ may open a connection, and only
 * deploy code imports it. A source scan, so a new fetch or socket anywhere else fails here.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/paths';

const NETWORK = /\bfetch\(|from '(node:)?(https?|http2|net|tls|dgram)'|require\('(node:)?(https?|http2|net|tls|dgram)'\)|XMLHttpRequest|new WebSocket|from 'undici'/;
const DEPLOY_IMPORT = /from '[./]*\/?(?:\.\.\/)*(?:server\/src\/)?node\/deploy\/|from '\.\.\/deploy\//;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('only node/deploy opens connections, and only deploy entry points use it', () => {
  const files = [...sources(path.join(REPO_ROOT, 'server', 'src')), ...sources(path.join(REPO_ROOT, 'client', 'src'))];
  const rel = (f: string) => path.relative(REPO_ROOT, f).split(path.sep).join('/');
  const opening = files.filter((f) => NETWORK.test(fs.readFileSync(f, 'utf8'))).map(rel).sort();
  assert.ok(opening.includes('server/src/node/deploy/http.ts'), 'the scan sees the real fetch');
  assert.deepEqual(opening.filter((f) => !f.startsWith('server/src/node/deploy/')), []);
  const importing = files.filter((f) => !rel(f).startsWith('server/src/node/deploy/') && DEPLOY_IMPORT.test(fs.readFileSync(f, 'utf8'))).map(rel).sort();
  assert.deepEqual(importing, ['client/src/buildCommands.ts', 'server/src/node/cli/deployCommand.ts']);
});
