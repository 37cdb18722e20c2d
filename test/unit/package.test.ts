import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../helpers/snippets';

// The .vsix must carry the bundles and the declarative contributions only:
// no sources, maps, tests or node_modules (.vscodeignore decides). npm test builds first, so dist/ is there.
test('package: vsce would ship only the manifest, bundles, contributions and docs', () => {
  const root = repoRoot();
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const run = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const listed = run.stdout.split(/\r?\n/).filter(Boolean).sort();
  const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|images\/icon\.png|docs\/images\/[\w-]+\.png|docs\/diagnostics\/(B\d{3}|README)\.md|dist\/[\w-]+\.js|snippets\/[\w.-]+|syntaxes\/[\w.-]+|schema\/b2c-run\.schema\.json)$/;
  assert.deepEqual(listed.filter((f) => !allowed.test(f)), []);
  const required = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'images/icon.png', 'snippets/b2c-policy.code-snippets',
    'syntaxes/b2c-policy.injection.tmLanguage.json', 'dist/extension.js', 'dist/server.js', 'docs/diagnostics/README.md', 'docs/diagnostics/B101.md',
    'schema/b2c-run.schema.json'];
  // The README's images, which the extension's Details page shows from the installed package.
  const images = [...fs.readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 3, 'the README shows its screenshots');
  required.push(...images);
  assert.deepEqual(required.filter((f) => !listed.includes(f)), []);
});

test('package: the icon is a 128x128 PNG and the manifest points at it', () => {
  const root = repoRoot();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.equal(manifest.icon, 'images/icon.png');
  const png = fs.readFileSync(path.join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
});
