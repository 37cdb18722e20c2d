/**
 * Folding ranges, document links and definition CodeLens (issue 12, "In the editor"), on inline fixtures (CRLF and
 * BOM included) and on the starter pack and Woodgrove.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeLens } from 'vscode-languageserver-types';
import { findFoldingRanges } from '../../server/src/service/features/folding/folding';
import { findDocumentLinks, linkableUrl } from '../../server/src/service/features/documentLinks/documentLinks';
import { findDefinitionLenses } from '../../server/src/service/features/codeLens/codeLens';
import { CODE_LENS_PROVIDERS, findCodeLenses } from '../../server/src/service/languageService';
import { documentContext } from '../../server/src/service/model/documentContext';
import { findReferences } from '../../server/src/service/features/navigation/references';
import { parsePolicy, PolicyIndex } from '../../server/src/service/languageService';
import { CORPUS, corpusFixture } from '../helpers/corpusFixture';
import { Fixture, fixture, policy } from '../helpers/fixture';

const filesOf = (set: string) => fs.readdirSync(path.join(CORPUS, set)).filter((f) => f.endsWith('.xml')).map((f) => `${set}/${f}`);

function ctx(f: Fixture, p: string) {
  const { file, xml } = f.files.get(f.uri(p))!;
  return { doc: documentContext(file, xml), index: f.index, clientUri: f.uri(p), toClient: (u: string) => u };
}

const titles = (lenses: CodeLens[], line: number) => lenses.filter((l) => l.range.start.line === line).map((l) => l.command!.title);

describe('folding ranges', () => {
  const text = [
    '<?xml version="1.0" encoding="utf-8"?>', //          0
    '<TrustFrameworkPolicy PolicyId="B2C_1A_X">', //       1
    '  <!-- a comment', //                                  2
    '       on two lines -->', //                           3
    '  <BuildingBlocks>', //                                4
    '    <ClaimsSchema>', //                                5
    '      <ClaimType Id="a"><DisplayName>A</DisplayName></ClaimType>', // 6
    '      <ClaimType Id="b">', //                          7
    '        <DataType>string</DataType>', //               8
    '      </ClaimType>', //                                9
    '    </ClaimsSchema>', //                              10
    '  </BuildingBlocks>', //                              11
    '  <!-- #region journeys -->', //                      12
    '  <UserJourneys>', //                                 13
    '    <UserJourney Id="J">', //                         14
    '    </UserJourney>', //                               15
    '  </UserJourneys>', //                                16
    '  <!-- #endregion -->', //                            17
    '</TrustFrameworkPolicy>', //                          18
  ];
  const ranges = (t: string, options = {}) => {
    const { xml, file } = parsePolicy('file:///f.xml', 1, t);
    return findFoldingRanges(xml, file.lines, options).map((r) => `${r.startLine}-${r.endLine}${r.kind ? ' ' + r.kind : ''}`);
  };
  const expected = ['1-17', '2-3 comment', '4-10', '5-9', '7-8', '12-16 region', '13-15', '14-14'].filter((r) => r !== '14-14');

  it('folds elements over several lines (closing tag left visible), comments and #region pairs', () => {
    assert.deepEqual(ranges(text.join('\n')), expected);
  });

  it('gives the same lines for CRLF and a BOM', () => {
    assert.deepEqual(ranges('\uFEFF' + text.join('\r\n')), expected);
  });

  it('leaves the most deeply nested ranges out first when the client sets a limit, and sends characters only when asked', () => {
    assert.deepEqual(ranges(text.join('\n'), { rangeLimit: 4 }), ['1-17', '2-3 comment', '4-10', '12-16 region']);
    const { xml, file } = parsePolicy('file:///f.xml', 1, text.join('\n'));
    const byLine = findFoldingRanges(xml, file.lines, { lineFoldingOnly: true });
    assert.ok(byLine.every((r) => r.startCharacter === undefined && r.endCharacter === undefined));
    const byChar = findFoldingRanges(xml, file.lines, { lineFoldingOnly: false });
    assert.equal(byChar.find((r) => r.startLine === 4)?.startCharacter, '  <BuildingBlocks>'.length);
  });

  it('folds what the parser recovers from a half-typed file', () => {
    const half = text.slice(0, 9).join('\n') + '\n      <Unfinished\n';
    const got = ranges(half);
    assert.ok(got.includes('2-3 comment'));
    assert.ok(got.some((r) => r.startsWith('4-')), got.join());
  });

  it('folds every section of a real base policy', () => {
    const f = corpusFixture(['starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml']);
    const { xml, file } = f.files.get(f.uri('/starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml'))!;
    const lines = xml.text.split('\n');
    const starts = new Set(findFoldingRanges(xml, file.lines).map((r) => lines[r.startLine].trim()));
    for (const section of ['<BuildingBlocks>', '<ClaimsSchema>', '<ClaimsProviders>', '<UserJourneys>']) assert.ok(starts.has(section), section);
  });
});

describe('document links', () => {
  const body = (extra: string) => `  <BuildingBlocks><ContentDefinitions>
    <ContentDefinition Id="api.signin">
      <LoadUri>https://contoso.example/pages/signin.html?a=1&amp;b=2</LoadUri>
      <DataUri>urn:com:microsoft:aad:b2c:elements:contract:unifiedssp:2.1.5</DataUri>
    </ContentDefinition>
    <ContentDefinition Id="api.other"><LoadUri>{Settings:PagesHost}/other.html</LoadUri></ContentDefinition>
    <ContentDefinition Id="api.third"><LoadUri>~/tenant/templates/AzureBlue/unified.cshtml</LoadUri></ContentDefinition>
  </ContentDefinitions></BuildingBlocks>
  <ClaimsProviders><ClaimsProvider><TechnicalProfiles><TechnicalProfile Id="REST">
    <Metadata>
      <Item Key="ServiceUrl">https://api.contoso.example/validate</Item>
      <Item Key="METADATA">https://login.microsoftonline.com/{tenant}/.well-known/openid-configuration</Item>
      <Item Key="SendClaimsIn">Body</Item>
    </Metadata>
  </TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>${extra}`;

  it('links the base policy to its file and absolute URLs to themselves; placeholders get no link (CRLF and BOM)', () => {
    const base = policy('B2C_1A_Base', '');
    const ext = policy('B2C_1A_Ext', body(''), 'B2C_1A_Base');
    const f = fixture(`<!-- file: /set/Base.xml -->\n${base}<!-- file: /set/Ext.xml -->\n\uFEFF${ext.replace(/\n/g, '\r\n')}`);
    const { file, xml } = f.files.get(f.uri('/set/Ext.xml'))!;
    const text = f.text('/set/Ext.xml');
    const links = findDocumentLinks(file, xml, f.index);
    const shown = links.map((l) => {
      const start = file.lines.offsetAt(l.range.start), end = file.lines.offsetAt(l.range.end);
      return `${text.slice(start, end)} -> ${l.target}`;
    });
    assert.deepEqual(shown, [
      `B2C_1A_Base -> ${f.uri('/set/Base.xml')}`,
      'https://contoso.example/pages/signin.html?a=1&amp;b=2 -> https://contoso.example/pages/signin.html?a=1&b=2',
      'https://api.contoso.example/validate -> https://api.contoso.example/validate',
    ]);
    assert.equal(links[0].tooltip, 'Open the base policy B2C_1A_Base (Base.xml)');
    assert.equal(links[2].tooltip, 'Open the ServiceUrl address in the browser');
    // Line numbers count CRLF as one break.
    assert.equal(links[1].range.start.line, text.split('\r\n').findIndex((l) => l.includes('<LoadUri>https')));
  });

  it('gives no base link when the base is ambiguous or missing', () => {
    const ext = policy('B2C_1A_Ext', '', 'B2C_1A_Base');
    const two = fixture(`<!-- file: /a/Base.xml -->\n${policy('B2C_1A_Base', '')}<!-- file: /b/Base.xml -->\n${policy('B2C_1A_Base', '')}<!-- file: /c/Ext.xml -->\n${ext}`);
    const { file, xml } = two.files.get(two.uri('/c/Ext.xml'))!;
    assert.deepEqual(findDocumentLinks(file, xml, two.index), []);
    const none = fixture(`<!-- file: /c/Ext.xml -->\n${ext}`);
    const n = none.files.get(none.uri('/c/Ext.xml'))!;
    assert.deepEqual(findDocumentLinks(n.file, n.xml, none.index), []);
  });

  it('links only absolute http(s) addresses with nothing left to replace', () => {
    assert.equal(linkableUrl(' https://x.example/a '), 'https://x.example/a');
    for (const v of ['http://', 'https://{Settings:Host}/a', 'https://login.microsoftonline.com/{tenant}/x', 'ftp://x.example', '~/tenant/x', 'javascript:alert(1)', 'https://a b']) assert.equal(linkableUrl(v), undefined, v);
  });
});

describe('definition CodeLens', () => {
  const set = 'starterpack/SocialAndLocalAccounts';
  const sp = corpusFixture(filesOf(set));

  it('counts what Find All References finds, and names the files above and below that define the same Id', () => {
    const c = ctx(sp, `/${set}/TrustFrameworkExtensions.xml`);
    const lenses = findDefinitionLenses(c);
    const text = sp.text(`/${set}/TrustFrameworkExtensions.xml`);
    const line = text.split('\n').findIndex((l) => l.includes('<TechnicalProfile Id="login-NonInteractive">'));
    const refs = findReferences(c.doc.file, { line, character: text.split('\n')[line].indexOf('login-NonInteractive') + 2 }, sp.index, false);
    assert.ok(refs.length > 0);
    assert.deepEqual(titles(lenses, line), [`${refs.length} reference${refs.length === 1 ? '' : 's'}`, 'overrides TrustFrameworkBase', 'Show effective']);
    const first = lenses.find((l) => l.range.start.line === line)!;
    assert.equal(first.command!.command, 'b2cPolicy.showReferences');
    assert.equal(first.command!.tooltip, 'Where this technical profile is referenced, in every file that sees this definition');
    // The references themselves are asked for on click, at the lens's position: the same ones.
    const [uri, position, locations] = first.command!.arguments as [string, { line: number; character: number }, unknown];
    assert.equal(uri, c.clientUri);
    assert.equal(locations, undefined);
    assert.deepEqual(findReferences(c.doc.file, position, sp.index, false), refs);
    const overrides = lenses.filter((l) => l.range.start.line === line)[1];
    assert.deepEqual((overrides.command!.arguments![2] as Array<{ uri: string }>).map((l) => l.uri), [sp.uri(`/${set}/TrustFrameworkBase.xml`)]);
    // From the base: overridden in the Extensions file.
    const base = ctx(sp, `/${set}/TrustFrameworkBase.xml`);
    const baseText = sp.text(`/${set}/TrustFrameworkBase.xml`);
    const baseLine = baseText.split('\n').findIndex((l) => l.includes('<TechnicalProfile Id="login-NonInteractive">'));
    assert.deepEqual(titles(findDefinitionLenses(base), baseLine).slice(1), ['overridden in TrustFrameworkExtensions', 'Show effective']);
  });

  it('shows a zero count as plain text, and runs the lens functions in order, each isolated', () => {
    const f = fixture(`<!-- file: /a.xml -->\n${policy('B2C_1A_A', '  <BuildingBlocks><ClaimsSchema><ClaimType Id="lonely" /></ClaimsSchema></BuildingBlocks>')}`);
    const lenses = findDefinitionLenses(ctx(f, '/a.xml'));
    assert.deepEqual(lenses.map((l) => [l.command!.title, l.command!.command]), [['0 references', '']]);
    const rp = ctx(sp, `/${set}/SignUpOrSignin.xml`);
    const all = findCodeLenses(rp);
    assert.equal(all[0].command!.title, 'Run policy…');
    const failing = { name: 'boom', provide: () => { throw new Error('boom'); } };
    CODE_LENS_PROVIDERS.unshift(failing);
    try {
      const failed: string[] = [];
      assert.deepEqual(findCodeLenses(rp, (name) => failed.push(name)).map((l) => l.command!.title), all.map((l) => l.command!.title));
      assert.deepEqual(failed, ['boom']);
    } finally {
      CODE_LENS_PROVIDERS.shift();
    }
  });

  it('summarises many files below, on Woodgrove\'s base (hundreds of definitions)', () => {
    const wg = corpusFixture(filesOf('woodgrove/Policies'));
    const c = ctx(wg, '/woodgrove/Policies/B2C_1A_base.xml');
    const lenses = findDefinitionLenses(c);
    assert.ok(lenses.length > 400, `${lenses.length} lenses`);
    // Every count agrees with Find All References.
    for (const l of lenses.filter((x) => /references?$/.test(x.command!.title))) {
      const n = Number(l.command!.title.split(' ')[0]);
      const at = n ? (l.command!.arguments![1] as { line: number; character: number }) : undefined;
      if (at) assert.equal(findReferences(c.doc.file, at, wg.index, false).length, n);
    }
    assert.ok(lenses.some((l) => /^overridden in B2C_1A_ext$/.test(l.command!.title)));
  });

  it('offers nothing for a file the index does not hold as this version', () => {
    const f = fixture(`<!-- file: /a.xml -->\n${policy('B2C_1A_A', '  <BuildingBlocks><ClaimsSchema><ClaimType Id="x" /></ClaimsSchema></BuildingBlocks>')}`);
    const other = new PolicyIndex();
    assert.deepEqual(findDefinitionLenses({ ...ctx(f, '/a.xml'), index: other }), []);
  });
});
