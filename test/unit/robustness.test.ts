/**
 * Regressions found by the protocol fuzzer (test/protocol/fuzz.ts), pinned at unit level.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { doComplete, documentContext, findDefinition, findDocumentSymbols, parsePolicy } from '../../server/src/service/languageService';
import { doSchemaComplete } from '../../server/src/service/features/schema/schema';
import { fixture, policy } from '../helpers/fixture';
import { Workspace } from '../../server/src/node/workspace';
import { walkIncludes } from '../../server/src/node/files';
import * as path from 'path';

describe('robustness', () => {
  it('ends an unclosed attribute value before a CRLF, never between \\r and \\n', () => {
    const text = '<TrustFrameworkPolicy PolicyId="P">\r\n  <Item Key="x\r\n  <Item Key="y">v</Item>\r\n</TrustFrameworkPolicy>';
    const { xml, file } = parsePolicy('file:///t.xml', 1, text);
    const p = xml.problems.find((q) => /never closed \(missing "\)/.test(q.message))!;
    assert.equal(text.slice(p.start, p.end), '"x');
    assert.deepEqual(file.lines.positionAt(p.end), { line: 1, character: 14 });
  });

  it('ends an unclosed attribute value before a lone \\r line break too', () => {
    const text = '<a>\r  <Item Key="x\r  <Item Key="y">v</Item>\r</a>';
    const p = parsePolicy('file:///t.xml', 1, text).xml.problems.find((q) => /never closed \(missing "\)/.test(q.message))!;
    assert.equal(text.slice(p.start, p.end), '"x');
  });

  it('gives a BasePolicy definition link whose target range contains its selection range', () => {
    const f = fixture(`<!-- file: /base.xml -->\n${policy('B2C_1A_Base', '')}<!-- file: /ext.xml -->\n${policy('B2C_1A_Ext', '', 'B2C_1A_B$0ase')}`);
    const links = findDefinition(f.index.get(f.cursor!.uri)!, f.cursor!.position, f.index);
    assert.equal(links.length, 1);
    const { targetRange: r, targetSelectionRange: s } = links[0];
    const inside = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    assert.ok(inside(r.start, s.start) && inside(s.end, r.end), JSON.stringify(links[0]));
  });

  it('completes at offset 0 with edits that contain the cursor', () => {
    for (const text of ['<TrustFrameworkPolicy PolicyId="P"/>', '<!-- c --><a/>', '\uFEFF<a/>']) {
      const doc = TextDocument.create('file:///t.xml', 'xml', 1, text);
      for (const item of doSchemaComplete(text, doc, 0) ?? []) {
        const edit = item.textEdit as { range: { start: { character: number } } } | undefined;
        if (edit) assert.equal(edit.range.start.character, 0, `${JSON.stringify(text)}: ${JSON.stringify(item)}`);
      }
    }
  });
});

describe('bounded work on hostile input', () => {
  it('parses shapes that used to be quadratic in linear time', () => {
    const n = 100_000;
    const shapes = [
      `<a ${Array.from({ length: n }, (_, i) => `x${i}=""`).join(' ')}>${' '.repeat(1e6)}<b/></a>`,
      `<a>${'<b x="1"/>'.repeat(n)}${'x'.repeat(1e6)}&amp;</a>`,
      `<a>${'&'.repeat(n)}${'x'.repeat(1e6)}</a>`,
      `<a>${'x<b/>'.repeat(n)}${'y'.repeat(1e6)}&amp;</a>`,
    ];
    for (const text of shapes) {
      const t0 = Date.now();
      parsePolicy('file:///t.xml', 1, text);
      assert.ok(Date.now() - t0 < 1500, `${text.slice(0, 30)}: ${Date.now() - t0} ms`);
    }
  });

  it('refuses to analyse an open buffer above the size limit or holding binary data', () => {
    const ws = new Workspace();
    ws.maxFileBytes = 1000;
    const big = ws.update('file:///big.xml', 1, `<TrustFrameworkPolicy PolicyId="P">${' '.repeat(2000)}</TrustFrameworkPolicy>`);
    assert.match(big.problem!, /^This document is 0\.0 MB, above the 0 MB limit/);
    ws.maxFileBytes = 512 * 1024;
    assert.match(ws.update('file:///big.xml', 5, 'x'.repeat(600 * 1024)).problem!, /above the 0\.5 MB limit/);
    ws.maxFileBytes = 1000;
    assert.equal(big.xml.root, undefined);
    assert.equal(ws.index.get('file:///big.xml'), undefined);
    assert.match(ws.update('file:///bin.xml', 1, '<a>\u0000</a>').problem!, /binary/);
    const ok = ws.update('file:///big.xml', 2, '<TrustFrameworkPolicy PolicyId="P"/>');
    assert.equal(ok.problem, undefined);
    assert.equal(ws.index.get('file:///big.xml')?.policyId?.value, 'P');
  });
});

describe('watcher events keep the workspace as a scan would build it', () => {
  it('judges paths as the folder walk does', () => {
    const root = path.resolve('/w');
    const exclude = (rel: string) => rel === 'ignored' || rel.endsWith('.bak.xml');
    const cases: Array<[string, boolean, boolean?]> = [
      ['/w/a/B.xml', true], ['/w/a/B.XML', true], ['/w/a/B.json', false], ['/w/node_modules/x/B.xml', false], ['/w/out/B.xml', false],
      ['/w/ignored/B.xml', false], ['/w/a/B.bak.xml', false], ['/x/B.xml', false], ['/w', true], ['/w/..w/B.xml', true],
      ['/w/a', true, true], ['/w/dist', false, true], ['/w/a/node_modules', false, true], ['/elsewhere', false, true],
    ];
    for (const [p, expected, directory] of cases) assert.equal(walkIncludes(root, path.resolve(p), { exclude }, directory), expected, p);
  });
});

describe('answers editors accept, on half-typed text', () => {
  const ext = (body: string) => `<!-- file: /base.xml -->\n${policy('B2C_1A_Base', `  <BuildingBlocks><ClaimsSchema>
    <ClaimType Id=""><DataType>string</DataType></ClaimType>
    <ClaimType Id="email"><DataType>string</DataType></ClaimType>
  </ClaimsSchema></BuildingBlocks>`)}<!-- file: /ext.xml -->\n${policy('B2C_1A_Ext', body, 'B2C_1A_Base')}`;

  function complete(source: string) {
    const f = fixture(source);
    const { file, xml } = f.files.get(f.cursor!.uri)!;
    return { items: doComplete(documentContext(file, xml), f.cursor!.position, f.index).items, at: f.cursor!.position };
  }

  it('offers no reference completion with an empty label (a definition with Id="")', () => {
    const { items } = complete(ext('  <ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles><TechnicalProfile Id="T"><OutputClaims><OutputClaim ClaimTypeReferenceId="$0"/></OutputClaims></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>'));
    assert.ok(items.some((i) => i.label === 'email'));
    assert.deepEqual(items.filter((i) => !i.label.trim()), []);
  });

  it('keeps a completion edit on the cursor line when the value spans lines', () => {
    const { items, at } = complete(ext('  <ClaimsProviders><ClaimsProvider><DisplayName>x</DisplayName><TechnicalProfiles><TechnicalProfile Id="T"><OutputClaims><OutputClaim ClaimTypeReferenceId="em\n  ai$0l"/></OutputClaims></TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>'));
    assert.ok(items.length > 0);
    for (const item of items) {
      const r = (item.textEdit as { range: { start: { line: number }; end: { line: number } } }).range;
      assert.deepEqual([r.start.line, r.end.line], [at.line, at.line], JSON.stringify(item.textEdit));
    }
  });

  it('names no outline entry with only spaces or line breaks', () => {
    const { xml, file } = parsePolicy('file:///t.xml', 1, policy('P', '  <ClaimsProviders><ClaimsProvider><DisplayName> </DisplayName><TechnicalProfiles><TechnicalProfile Id="\n\uFEFF"/></TechnicalProfiles></ClaimsProvider></ClaimsProviders>'));
    const names: string[] = [];
    const walk = (list: ReturnType<typeof findDocumentSymbols>) => list.forEach((s) => { names.push(s.name); walk(s.children ?? []); });
    walk(findDocumentSymbols(xml, file.lines));
    assert.deepEqual(names, ['ClaimsProviders', 'ClaimsProvider', 'TechnicalProfile']);
  });

  it('reports an unclosed <? on its opener, not across a CRLF', () => {
    const text = '<a>\r\n<?\r\nx</a>';
    const p = parsePolicy('file:///t.xml', 1, text).xml.problems.find((q) => /processing instruction/.test(q.message))!;
    assert.equal(text.slice(p.start, p.end), '<?');
  });
});

describe('settings that change what is read', () => {
  it('rescans: a newly excluded folder leaves the index, an open buffer in it stays', () => {
    const fs = require('fs') as typeof import('fs');
    const os = require('os') as typeof import('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-rescan-'));
    fs.mkdirSync(path.join(dir, 'archive'));
    fs.writeFileSync(path.join(dir, 'A.xml'), policy('A', ''));
    fs.writeFileSync(path.join(dir, 'archive', 'Old.xml'), policy('Old', ''));
    fs.writeFileSync(path.join(dir, 'archive', 'Open.xml'), policy('OpenOld', ''));
    const ws = new Workspace();
    assert.equal(ws.scan([dir]).length, 3);
    const openUri = ws.scan([path.join(dir, 'archive')]).find((u) => u.endsWith('Open.xml'))!;
    ws.update(openUri, 1, policy('OpenOld', ''));
    const kept = ws.rescan([dir], { exclude: (rel) => rel === 'archive' || rel.startsWith('archive/') });
    assert.deepEqual(kept.map((u) => path.basename(u)), ['A.xml']);
    assert.deepEqual([...ws.index.all()].map((f) => path.basename(f.uri)).sort(), ['A.xml', 'Open.xml']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
