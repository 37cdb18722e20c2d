// Every contributed snippet, expanded with its defaults and inserted into the
// starter pack's SocialAndLocalAccounts/TrustFrameworkExtensions.xml, must give
// a policy on which the language service reports no error: what a user gets by
// pressing Tab through a snippet is a valid policy. The extensions file is fed
// to the workspace as an open buffer over the rest of the (unchanged) chain on
// disk, as the server sees it while the user edits. The rules that B2C judges on
// the merged policy judge only what a relying party runs, so a runner (a relying
// party that runs every profile the extensions file sees) is added beside the
// starter pack's own relying parties.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { Workspace } from '../../server/src/node/workspace';
import { pathToUri } from '../../server/src/node/files';
import { PolicyIndex, doValidation } from '../../server/src/service/languageService';
import { addRunners } from '../helpers/runner';
import { expandedSnippetPolicies, starterPackDir } from '../helpers/snippets';

interface Finding {
  snippet: string;
  severity: number;
  line: string;
}

function validateSnippets(): { findings: Finding[]; thrown: string[] } {
  const folder = starterPackDir();
  const ws = new Workspace();
  ws.scan([folder]);
  const uri = pathToUri(path.join(folder, 'TrustFrameworkExtensions.xml'));
  assert.ok(ws.index.get(uri), 'the host extensions file is indexed');
  const findings: Finding[] = [];
  const thrown: string[] = [];
  expandedSnippetPolicies().forEach(({ name, text }, i) => {
    const open = ws.update(uri, i + 1, text);
    const diagnostics = doValidation(
      { file: open.file, xml: open.xml, document: open.document, index: withRunner(ws.index, open.file), options: {} },
      (validator, error) => void thrown.push(`${name}: validator ${validator} threw ${String(error)}`),
    );
    for (const d of diagnostics) {
      const source = text.split(/\r?\n/)[d.range.start.line]?.trim() ?? '';
      findings.push({
        snippet: name,
        severity: d.severity ?? 1,
        line: `${name} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message} | ${source}`,
      });
    }
  });
  return { findings, thrown };
}

function withRunner(source: PolicyIndex, file: Parameters<typeof addRunners>[2]): PolicyIndex {
  const index = new PolicyIndex();
  for (const f of source.all()) index.set(f);
  addRunners(index, source, file);
  return index;
}

test('snippets: with default values, the language service reports no error on the expanded policy', () => {
  const { findings, thrown } = validateSnippets();
  assert.deepEqual(thrown, [], 'no validator throws');
  assert.deepEqual(findings.filter((f) => f.severity === 1).map((f) => f.line), []);
  // Warnings are allowed but listed, so that a new one shows up in the test output.
  const warnings = findings.filter((f) => f.severity === 2).map((f) => f.line);
  if (warnings.length) console.log(`snippet warnings:\n  ${warnings.join('\n  ')}`);
});

test('snippets: the check notices an error that a changed default would cause', () => {
  // Guards the test above against passing vacuously (wrong URI, empty buffer, nothing validated).
  const folder = starterPackDir();
  const ws = new Workspace();
  ws.scan([folder]);
  const uri = pathToUri(path.join(folder, 'TrustFrameworkExtensions.xml'));
  const basic = expandedSnippetPolicies().find((p) => p.name === 'b2c-rest-basic');
  assert.ok(basic, 'b2c-rest-basic is contributed');
  const broken = basic.text.replace('<InputClaim ClaimTypeReferenceId="email" />', '<InputClaim ClaimTypeReferenceId="emial" />');
  assert.notEqual(broken, basic.text);
  const open = ws.update(uri, 1, broken);
  const codes = doValidation({ file: open.file, xml: open.xml, document: open.document, index: withRunner(ws.index, open.file), options: {} })
    .filter((d) => d.severity === 1)
    .map((d) => `${d.code} ${open.text.slice(open.document.offsetAt(d.range.start), open.document.offsetAt(d.range.end))}`);
  assert.deepEqual(codes, ['B101 emial']);
});

test('snippets: the check judges the merged policy too (a dropped key of the expanded profile is reported)', () => {
  // The Basic-auth key is checked on the policy a relying party runs; without the runner no relying party
  // of the starter pack would run the snippet's profile and the check could not fail.
  const folder = starterPackDir();
  const ws = new Workspace();
  ws.scan([folder]);
  const uri = pathToUri(path.join(folder, 'TrustFrameworkExtensions.xml'));
  const basic = expandedSnippetPolicies().find((p) => p.name === 'b2c-rest-basic');
  assert.ok(basic, 'b2c-rest-basic is contributed');
  const broken = basic.text.replace(/<Key Id="BasicAuthenticationPassword"[^>]*\/>/, '');
  assert.notEqual(broken, basic.text);
  const open = ws.update(uri, 1, broken);
  const codes = doValidation({ file: open.file, xml: open.xml, document: open.document, index: withRunner(ws.index, open.file), options: {} })
    .filter((d) => d.severity === 1).map((d) => d.code);
  assert.deepEqual(codes, ['B204']);
  const plain = doValidation({ file: open.file, xml: open.xml, document: open.document, index: ws.index, options: {} })
    .filter((d) => d.severity === 1).map((d) => d.code);
  assert.deepEqual(plain, [], 'no relying party of the starter pack runs the snippet profile on its own');
});
