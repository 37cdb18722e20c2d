/**
 * A page per diagnostic code (docs/diagnostics/<code>.md), linked from every diagnostic (codeDescription) and from
 * SARIF (helpUri, fullDescription).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../../server/src/service/messages/codes';
import { doValidation } from '../../server/src/service/languageService';
import { codeExplanation, installedCodeDocs, repositoryDocsUrl } from '../../server/src/node/codeDocs';
import { validationOptions } from '../../server/src/node/settings';
import { formatSarif } from '../../server/src/node/cli/sarifReport';
import { fixture, policy } from '../helpers/fixture';
import { REPO_ROOT } from '../helpers/paths';

const DOCS = path.join(REPO_ROOT, 'docs', 'diagnostics');
const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
const pages = () => fs.readdirSync(DOCS).filter((f) => /^B\d{3}\.md$/.test(f)).map((f) => f.slice(0, 4)).sort();

describe('diagnostic code pages', () => {
  it('exist for every code of B1xx-B6xx and B8xx, and only for codes that exist, with the title and severity of the table', () => {
    // B75x (run profiles) belongs to issue 15: its owner adds its pages and widens this range.
    const mine = Object.keys(CODES).filter((c) => /^B([1-68]|7[05])/.test(c)).sort();
    assert.deepEqual(mine.filter((c) => !pages().includes(c)), []);
    for (const code of pages()) {
      const info = CODES[code];
      assert.ok(info, `${code}.md documents no code`);
      const page = fs.readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
      assert.equal(page.split('\n')[0], `# ${code}: ${info.title}`);
      assert.match(page, new RegExp(`Default severity: \\*\\*${SEVERITY[info.severity]}\\*\\*`));
      assert.ok((codeExplanation(code) ?? '').length > 40, `${code} explains itself`);
    }
    const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
    assert.deepEqual([...index.matchAll(/^\| \[(B\d{3})\]\(\1\.md\) \|/gm)].map((m) => m[1]), pages());
  });

  it('are linked from each diagnostic that has one (codeDescription.href), through the settings the server and CLI use', () => {
    const f = fixture(`<!-- file: /p/P.xml -->\n${policy('B2C_1A_P', '<ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles><TechnicalProfile Id="T"><OutputClaims><OutputClaim ClaimTypeReferenceId="nope" /></OutputClaims></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>')}`);
    const { file, xml } = f.files.get(f.uri('/p/P.xml'))!;
    const options = validationOptions({});
    assert.ok(options.codeDocs, 'the pages are found beside the compiled sources');
    assert.equal(options.codeDocs.baseUri, `${installedCodeDocs()!.baseUri}`);
    assert.match(options.codeDocs.baseUri, /^file:\/\/\/.*\/docs\/diagnostics\/$/);
    const found = doValidation({ file, xml, index: f.index, options });
    const b101 = found.find((d) => d.code === 'B101');
    assert.equal(b101?.codeDescription?.href, options.codeDocs.baseUri + 'B101.md');
    // A code without a page gets no link rather than a broken one.
    const without = doValidation({ file, xml, index: f.index, options: { codeDocs: { baseUri: 'file:///x/', codes: new Set() } } });
    assert.ok(without.every((d) => d.codeDescription === undefined));
  });

  it('are linked from SARIF rules: helpUri on the repository, fullDescription from the page', () => {
    const result = { findings: [], summary: { files: 0, errors: 0, warnings: 0, information: 0, hints: 0, notChecked: { baseFolders: 0, incompleteChains: 0, notAnalysed: 0 } }, internalErrors: [] };
    const rules: Array<{ id: string; helpUri?: string; fullDescription: { text: string } }> = JSON.parse(formatSarif(result, false, '1.0.0', 'https://git.example/tools/blob/main/docs/diagnostics/')).runs[0].tool.driver.rules;
    for (const code of pages()) {
      const r = rules.find((x) => x.id === code)!;
      assert.equal(r.helpUri, `https://git.example/tools/blob/main/docs/diagnostics/${code}.md`);
      assert.equal(r.fullDescription.text, codeExplanation(code));
    }
    assert.equal(repositoryDocsUrl('https://example.invalid/b2c-policy-tools.git'), 'https://example.invalid/b2c-policy-tools/blob/main/docs/diagnostics/');
    assert.equal(repositoryDocsUrl('git@host:org/repo.git'), undefined, 'only web addresses become links');
  });
});
