import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  doRename, doValidation, findDefinition, findDocumentSymbols, findReferences, findWorkspaceSymbols, prepareRename, RenameError,
} from '../../server/src/service/languageService';
import { Fixture, fixture, policy, where } from '../helpers/fixture';
import type { Position } from 'vscode-languageserver-types';

const claims = (...ids: string[]) => `  <BuildingBlocks><ClaimsSchema>\n${ids.map((id) => `    <ClaimType Id="${id}"><DataType>string</DataType></ClaimType>`).join('\n')}\n  </ClaimsSchema></BuildingBlocks>`;
const profiles = (...tps: string[]) => `  <ClaimsProviders><ClaimsProvider><DisplayName>P</DisplayName><TechnicalProfiles>\n${tps.join('\n')}\n  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>`;

function definitionsAtCursor(f: Fixture): string[] {
  const c = f.cursor!;
  return findDefinition(f.index.get(c.uri)!, c.position, f.index).map((l) => where(l.targetUri, l.targetSelectionRange.start));
}

function diagnostics(f: Fixture, path: string): string[] {
  const { file, xml } = f.files.get(f.uri(path))!;
  // Only the reference and chain codes (B1xx): fixtures use stand-in elements the schema check would flag.
  return doValidation({ file, xml, index: f.index, options: {} }).filter((d) => String(d.code).startsWith('B1')).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
}

/** The 1-based "line:col" of the first occurrence of `needle` in a fixture file, optionally shifted. */
function at(f: Fixture, path: string, needle: string, shift = 0): string {
  const { text, file } = f.files.get(f.uri(path))!;
  const pos = file.lines.positionAt(text.indexOf(needle) + shift);
  return `${path}:${pos.line + 1}:${pos.character + 1}`;
}

const chainSource = (cursorFile: 'rp' | 'ext' | 'base') => `
<!-- file: /set/Base.xml -->
${policy('B2C_1A_Base', claims('email', 'surname') + '\n' + profiles('<TechnicalProfile Id="Login"><InputClaims><InputClaim ClaimTypeReferenceId="email" /></InputClaims></TechnicalProfile>'))}
<!-- file: /set/Ext.xml -->
${policy('B2C_1A_Ext', profiles(`<TechnicalProfile Id="${cursorFile === 'ext' ? '$0' : ''}Login"><OutputClaims><OutputClaim ClaimTypeReferenceId="surName" /></OutputClaims></TechnicalProfile>`), 'B2C_1A_Base')}
<!-- file: /set/RP.xml -->
${policy('B2C_1A_RP', `  <RelyingParty><DefaultUserJourney ReferenceId="J" /><TechnicalProfile Id="PolicyProfile"><OutputClaims><OutputClaim ClaimTypeReferenceId="${cursorFile === 'rp' ? 'em$0ail' : 'email'}" /></OutputClaims></TechnicalProfile></RelyingParty>
  <UserJourneys><UserJourney Id="J"><OrchestrationSteps><OrchestrationStep Order="1" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="X" TechnicalProfileReferenceId="Login" /></ClaimsExchanges></OrchestrationStep><OrchestrationStep Order="2" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="Login" /></OrchestrationSteps></UserJourney></UserJourneys>`, 'B2C_1A_Ext')}
<!-- file: /other/Base.xml -->
${policy('B2C_1A_Base', claims('email'))}
`;

describe('definition', () => {
  it('follows the chain of the file, never a same-named base in another folder', () => {
    const f = fixture(chainSource('rp'));
    assert.deepEqual(definitionsAtCursor(f), [at(f, '/set/Base.xml', 'Id="email"', 4)]);
  });

  it('lists the base definition and every override, base first, from a definition Id', () => {
    const f = fixture(chainSource('ext'));
    assert.deepEqual(definitionsAtCursor(f), [at(f, '/set/Base.xml', 'Id="Login"', 4)]);
    const rp = f.index.get(f.uri('/set/RP.xml'))!;
    const text = f.text('/set/RP.xml');
    const links = findDefinition(rp, rp.lines.positionAt(text.indexOf('TechnicalProfileReferenceId="Login"') + 30), f.index);
    assert.deepEqual(links.map((l) => where(l.targetUri, l.targetSelectionRange.start)), [at(f, '/set/Base.xml', 'Id="Login"', 4), at(f, '/set/Ext.xml', 'Id="Login"', 4)]);
    assert.equal(links[0].originSelectionRange!.end.character - links[0].originSelectionRange!.start.character, 5);
  });

  it('matches Ids case-insensitively with an information hint, never an error', () => {
    const f = fixture(chainSource('rp'));
    const ext = f.index.get(f.uri('/set/Ext.xml'))!;
    const links = findDefinition(ext, ext.lines.positionAt(f.text('/set/Ext.xml').indexOf('surName')), f.index);
    assert.equal(links.length, 1);
    assert.deepEqual(diagnostics(f, '/set/Ext.xml'), [
      `${at(f, '/set/Ext.xml', 'surName').split(':').slice(1).join(':')} B108 'surName' matches the claim type 'surname' only when letter case is ignored. B2C accepts this, but one spelling is easier to search.`,
    ]);
  });

  it('goes from BasePolicy/PolicyId to the chosen base file', () => {
    const f = fixture(chainSource('rp'));
    const rp = f.index.get(f.uri('/set/RP.xml'))!;
    const links = findDefinition(rp, rp.lines.positionAt(f.text('/set/RP.xml').indexOf('<PolicyId>B2C_1A_Ext') + 12), f.index);
    assert.deepEqual(links.map((l) => where(l.targetUri, l.targetSelectionRange.start)), [at(f, '/set/Ext.xml', 'PolicyId="B2C_1A_Ext"', 10)]);
  });

  it('counts UTF-16 code units: non-BMP text before a reference on the same line', () => {
    const f = fixture(`<!-- file: /u/P.xml -->\n${policy('P', claims('email') + '\n  <!-- 😀 é --><X ClaimTypeReferenceId="em$0ail"/>')}`);
    assert.equal(f.cursor!.position.character, '  <!-- 😀 é --><X ClaimTypeReferenceId="em'.length);
    assert.deepEqual(definitionsAtCursor(f), [at(f, '/u/P.xml', 'Id="email"', 4)]);
  });

  it('works on CRLF files', () => {
    const f = fixture(`<!-- file: /c/P.xml -->\n${policy('P', claims('email') + '\n  <X ClaimTypeReferenceId="em$0ail"/>').replace(/\n/g, '\r\n')}`);
    assert.deepEqual(definitionsAtCursor(f), [at(f, '/c/P.xml', 'Id="email"', 4)]);
    assert.equal(f.cursor!.position.line, f.text('/c/P.xml').slice(0, f.cursor!.offset).split('\r\n').length - 1);
  });
});

describe('references and rename', () => {
  it('finds references in every file that sees the definition, and none in another set', () => {
    const f = fixture(chainSource('rp'));
    const base = f.index.get(f.uri('/set/Base.xml'))!;
    const pos = base.lines.positionAt(f.text('/set/Base.xml').indexOf('Id="email"') + 5);
    const refs = findReferences(base, pos, f.index, true).map((l) => where(l.uri, l.range.start));
    assert.deepEqual(refs, [
      at(f, '/set/Base.xml', 'Id="email"', 4),
      at(f, '/set/Base.xml', 'ClaimTypeReferenceId="email"', 22),
      at(f, '/set/RP.xml', 'ClaimTypeReferenceId="email"', 22),
    ]);
  });

  it('renames the definition and its references across files, and refuses a colliding name', () => {
    const f = fixture(chainSource('rp'));
    const rp = f.index.get(f.cursor!.uri)!;
    const edit = doRename(rp, f.cursor!.position, 'emailAddress', f.index);
    assert.ok(!(edit instanceof RenameError));
    const touched = Object.entries(edit.changes!).flatMap(([uri, edits]) => edits.map((e) => where(uri, e.range.start) + ' ' + e.newText)).sort();
    assert.deepEqual(touched, [
      at(f, '/set/Base.xml', 'ClaimTypeReferenceId="email"', 22) + ' emailAddress',
      at(f, '/set/Base.xml', 'Id="email"', 4) + ' emailAddress',
      at(f, '/set/RP.xml', 'ClaimTypeReferenceId="email"', 22) + ' emailAddress',
    ].sort());
    const clash = doRename(rp, f.cursor!.position, 'SURNAME', f.index);
    assert.ok(clash instanceof RenameError);
    assert.match(clash.message, /already visible/);
    assert.ok(prepareRename(rp, { line: 0, character: 0 }) instanceof RenameError);
  });
});

describe('rename where a chain is ambiguous', () => {
  // /c/Ext.xml's base could be /a/Base.xml or /b/Base.xml: it may or may not mean /a's 'email'.
  const src = `
<!-- file: /a/Base.xml -->
${policy('B2C_1A_Base', claims('email'))}
<!-- file: /a/RP.xml -->
${policy('B2C_1A_RP', profiles('    <TechnicalProfile Id="T"><OutputClaims><OutputClaim ClaimTypeReferenceId="email" /></OutputClaims></TechnicalProfile>'), 'B2C_1A_Base')}
<!-- file: /b/Base.xml -->
${policy('B2C_1A_Base', claims('email'))}
<!-- file: /c/Ext.xml -->
${policy('B2C_1A_Ext', profiles('    <TechnicalProfile Id="U"><OutputClaims><OutputClaim ClaimTypeReferenceId="email" /></OutputClaims></TechnicalProfile>'), 'B2C_1A_Base')}`;

  function renameEmailInA(options?: Parameters<typeof doRename>[4]) {
    const f = fixture(src);
    const base = f.index.get(f.uri('/a/Base.xml'))!;
    const pos = base.lines.positionAt(f.text('/a/Base.xml').indexOf('Id="email"') + 5);
    const edit = doRename(base, pos, 'emailAddress', f.index, options);
    assert.ok(!(edit instanceof RenameError));
    return { f, edit };
  }

  it('asks before editing a file whose chain is ambiguous: its edits need confirmation in the preview', () => {
    const { f, edit } = renameEmailInA({ changeAnnotations: true });
    assert.equal(f.index.chain(f.uri('/c/Ext.xml')).status, 'ambiguous');
    const annotatedIn = edit.documentChanges!.map((dc) => {
      const tde = dc as { textDocument: { uri: string }; edits: Array<{ annotationId?: string }> };
      return `${tde.textDocument.uri.replace('file:///fixture', '')} ${tde.edits.map((e) => e.annotationId ?? '-').join(',')}`;
    }).sort();
    assert.deepEqual(annotatedIn, ['/a/Base.xml -', '/a/RP.xml -', '/c/Ext.xml b2c.ambiguousChain']);
    assert.deepEqual(edit.changeAnnotations, { 'b2c.ambiguousChain': {
      label: 'Base policy is ambiguous', needsConfirmation: true,
      description: 'Several files could be the base of this policy, so it may not use the renamed definition. Check before applying.',
    } });
    assert.ok(!Object.keys(edit.changes!).includes(f.uri('/b/Base.xml')), 'the other set is never touched');
  });

  it('without change annotations, leaves the file out and says so', () => {
    let leftOut: readonly string[] = [];
    const { f, edit } = renameEmailInA({ onLeftOut: (uris) => { leftOut = uris; } });
    assert.deepEqual(Object.keys(edit.changes!).sort(), [f.uri('/a/Base.xml'), f.uri('/a/RP.xml')]);
    assert.equal(edit.documentChanges, undefined);
    assert.deepEqual(leftOut, [f.uri('/c/Ext.xml')]);
  });

  it('renaming in the ambiguous file edits it, and asks about every candidate base and what extends it', () => {
    const f = fixture(src);
    const ext = f.index.get(f.uri('/c/Ext.xml'))!;
    const pos = ext.lines.positionAt(f.text('/c/Ext.xml').indexOf('"email"') + 2);
    const edit = doRename(ext, pos, 'emailAddress', f.index, { changeAnnotations: true });
    assert.ok(!(edit instanceof RenameError));
    const annotatedIn = edit.documentChanges!.map((dc) => {
      const tde = dc as { textDocument: { uri: string }; edits: Array<{ annotationId?: string }> };
      return `${tde.textDocument.uri.replace('file:///fixture', '')} ${[...new Set(tde.edits.map((e) => e.annotationId ?? '-'))].join(',')}`;
    }).sort();
    assert.deepEqual(annotatedIn, ['/a/Base.xml b2c.ambiguousChain', '/a/RP.xml b2c.ambiguousChain', '/b/Base.xml b2c.ambiguousChain', '/c/Ext.xml -']);
    let leftOut: readonly string[] = [];
    const plain = doRename(ext, pos, 'emailAddress', f.index, { onLeftOut: (uris) => { leftOut = uris; } });
    assert.ok(!(plain instanceof RenameError));
    assert.deepEqual(Object.keys(plain.changes!), [f.uri('/c/Ext.xml')]);
    assert.equal(leftOut.length, 3);
  });
});

describe('chain diagnostics', () => {
  const ambiguous = `
<!-- file: /a/Base.xml -->
${policy('B2C_1A_Base', claims('onlyInA'))}
<!-- file: /b/Base.xml -->
${policy('B2C_1A_Base', claims('onlyInB'))}
<!-- file: /c/Ext.xml -->
${policy('B2C_1A_Ext', '  <X ClaimTypeReferenceId="onlyInB"/><Y ClaimTypeReferenceId="inNeither"/>', 'B2C_1A_Base')}
`;

  it('uses the union of candidates on an ambiguous chain, and reports only information', () => {
    const f = fixture(ambiguous);
    const diags = diagnostics(f, '/c/Ext.xml');
    assert.equal(diags.length, 2);
    assert.match(diags[0], /B104 Several files declare PolicyId 'B2C_1A_Base': \.\.\/a\/Base\.xml, \.\.\/b\/Base\.xml/);
    assert.match(diags[1], /B102 No candidate base policy defines the claim type 'inNeither'/);
    const { file, xml } = f.files.get(f.uri('/c/Ext.xml'))!;
    assert.ok(doValidation({ file, xml, index: f.index, options: {} }).filter((d) => String(d.code).startsWith('B1')).every((d) => d.severity === 3));
  });

  it('honours a pinned base', () => {
    const f = fixture(ambiguous);
    f.index.setOptions({ basePins: new Map([['b2c_1a_base', f.uri('/a/Base.xml')]]) });
    // Pinned to /a: both names are now certainly missing, so both are errors and the B104 note is gone.
    assert.deepEqual(diagnostics(f, '/c/Ext.xml').map((d) => d.split(' ').slice(1, 3).join(' ')), ['B101 The', 'B101 The']);
    assert.equal(f.index.chain(f.uri('/c/Ext.xml')).status, 'complete');
  });

  it('never lets a pin pull a set away from the base in its own folder', () => {
    const f = fixture(ambiguous + `<!-- file: /b/Ext.xml -->\n${policy('B2C_1A_Ext', '', 'B2C_1A_Base')}`);
    f.index.setOptions({ basePins: new Map([['B2C_1A_Base', f.uri('/a/Base.xml')]]) });
    assert.deepEqual(f.index.chain(f.uri('/b/Ext.xml')).uris, [f.uri('/b/Ext.xml'), f.uri('/b/Base.xml')]);
    assert.deepEqual(f.index.chain(f.uri('/c/Ext.xml')).uris, [f.uri('/c/Ext.xml'), f.uri('/a/Base.xml')]);
  });

  it('gives an incomplete chain one information diagnostic and no unresolved-reference errors', () => {
    const f = fixture(`<!-- file: /d/Ext.xml -->\n${policy('E', '  <X ClaimTypeReferenceId="fromTheMissingBase"/>', 'B2C_1A_NotHere')}`);
    const diags = diagnostics(f, '/d/Ext.xml');
    assert.equal(diags.length, 1);
    assert.match(diags[0], /B103 No file in the workspace declares PolicyId 'B2C_1A_NotHere'/);
  });

  it('reports an unresolved reference on a complete chain as an error, and a cycle', () => {
    const f = fixture(`
<!-- file: /e/A.xml -->
${policy('A', '  <X ClaimTypeReferenceId="nope"/>', 'B')}
<!-- file: /e/B.xml -->
${policy('B', '', 'A')}
<!-- file: /e/C.xml -->
${policy('C', claims('email') + '\n  <X ClaimTypeReferenceId="emial"/>')}
`);
    assert.deepEqual(diagnostics(f, '/e/A.xml').map((d) => d.split(' ')[1]), ['B105']);
    assert.deepEqual(diagnostics(f, '/e/C.xml').map((d) => d.replace(/^\d+:\d+ /, '')), [`B101 The claim type 'emial' is not defined in this policy or its base policies.`]);
  });

  it('reports an Id defined twice in one file, but not a redefinition in a child file', () => {
    const f = fixture(`
<!-- file: /g/Base.xml -->
${policy('B', claims('email', 'Email'))}
<!-- file: /g/Ext.xml -->
${policy('E', claims('email'), 'B')}
`);
    assert.deepEqual(diagnostics(f, '/g/Base.xml').map((d) => d.replace(/^\d+:\d+ /, '')), [`B106 The claim type 'Email' is already defined in this file (line 4).`]);
    assert.deepEqual(diagnostics(f, '/g/Ext.xml'), []);
  });

  it('resolves ClaimsExchange targets inside their own journey and flags duplicates in one journey', () => {
    const journey = (id: string, exchanges: string) => `<UserJourney Id="${id}"><OrchestrationSteps>
      <OrchestrationStep Order="1" Type="CombinedSignInAndSignUp"><ClaimsProviderSelections><ClaimsProviderSelection TargetClaimsExchangeId="Fb" /></ClaimsProviderSelections></OrchestrationStep>
      <OrchestrationStep Order="2" Type="ClaimsExchange"><ClaimsExchanges>${exchanges}</ClaimsExchanges></OrchestrationStep></OrchestrationSteps></UserJourney>`;
    const f = fixture(`<!-- file: /j/P.xml -->\n${policy('P', profiles('<TechnicalProfile Id="T"/>') + `\n<UserJourneys>${journey('J1', '<ClaimsExchange Id="Fb" TechnicalProfileReferenceId="T"/><ClaimsExchange Id="fb" TechnicalProfileReferenceId="T"/>')}${journey('J2', '<ClaimsExchange Id="Other" TechnicalProfileReferenceId="T"/>')}</UserJourneys>`)}`);
    assert.deepEqual(diagnostics(f, '/j/P.xml').map((d) => d.replace(/^\d+:\d+ /, '')), [
      `B101 The claims exchange 'Fb' is not defined in the journey 'J2'.`,
      `B107 The ClaimsExchange Id 'fb' is already used in the journey 'J1'.`,
    ]);
  });
});

describe('symbols', () => {
  it('outlines claims providers, profiles, claims and journey steps', () => {
    const f = fixture(chainSource('rp'));
    const { xml, file } = f.files.get(f.uri('/set/RP.xml'))!;
    const render = (s: { name: string; children?: unknown[] }, depth = 0): string[] =>
      [' '.repeat(depth * 2) + s.name, ...((s.children ?? []) as Array<{ name: string; children?: unknown[] }>).flatMap((c) => render(c, depth + 1))];
    const outline = findDocumentSymbols(xml, file.lines).flatMap((s) => render(s));
    assert.deepEqual(outline, ['BasePolicy B2C_1A_Ext', 'RelyingParty', '  PolicyProfile', 'UserJourneys', '  J', '    Step 1 ClaimsExchange', '      X', '    Step 2 SendClaims']);
    const ws = findWorkspaceSymbols('lgn', f.index).map((s) => `${s.name} ${where(s.location.uri, (s.location as { range: { start: Position } }).range.start)}`);
    assert.deepEqual(ws, [`Login ${at(f, '/set/Base.xml', 'Id="Login"', 4)}`, `Login ${at(f, '/set/Ext.xml', 'Id="Login"', 4)}`]);
  });
});

describe('policy keys', () => {
  it('finds every use of a key name in the workspace, and forgets a file that is removed', () => {
    const key = (id: string, name: string) => profiles(`<TechnicalProfile Id="${id}"><CryptographicKeys><Key Id="client_secret" StorageReferenceId="${name}" /></CryptographicKeys></TechnicalProfile>`);
    const f = fixture(`
<!-- file: /k/A.xml -->
${policy('A', key('TA', 'B2C_1A_Fa$0cebookSecret'))}
<!-- file: /other/B.xml -->
${policy('B', key('TB', 'b2c_1a_facebooksecret'))}
<!-- file: /other/C.xml -->
${policy('C', key('TC', 'B2C_1A_Unrelated'))}
`);
    const a = f.index.get(f.cursor!.uri)!;
    const uses = () => findReferences(a, f.cursor!.position, f.index, false).map((l) => l.uri.replace('file:///fixture', '')).sort();
    assert.deepEqual(uses(), ['/k/A.xml', '/other/B.xml']);
    f.index.delete(f.uri('/other/B.xml'));
    assert.deepEqual(uses(), ['/k/A.xml']);
  });
});
