import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { parseXml, getAttribute, elementText, MAX_DEPTH } from '../../server/src/service/xml/parser';
import { parsePolicy } from '../../server/src/service/model/policyFile';
import { PolicyIndex, doValidation, findDefinition } from '../../server/src/service/languageService';
import { decodeBytes, findXmlFiles } from '../../server/src/node/files';
import { SHARED, STARTERPACK } from '../helpers/paths';

const corpus = findXmlFiles([STARTERPACK]);

/** xmldom as an independent oracle of well-formedness. */
function xmldomErrors(text: string): string[] {
  const errors: string[] = [];
  try {
    new DOMParser({ onError: (level: string, msg: string) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(text, 'text/xml');
  } catch (e) {
    errors.push(String(e));
  }
  return errors;
}

describe('parser', () => {
  it('reads every starter-pack file without a problem, as xmldom does', () => {
    assert.ok(corpus.length >= 57);
    for (const p of corpus) {
      const text = decodeBytes(fs.readFileSync(p)).text;
      assert.deepEqual(parseXml(text).problems, [], p);
      assert.deepEqual(xmldomErrors(text), [], p);
    }
  });

  it('agrees with xmldom on whether damaged starter-pack text is well formed', () => {
    const text = decodeBytes(fs.readFileSync(path.join(STARTERPACK, 'SocialAndLocalAccounts', 'TrustFrameworkExtensions.xml'))).text;
    const damages: Array<(t: string) => string> = [
      (t) => t.replace('</ClaimsProviders>', ''),
      (t) => t.replace('<ClaimsProvider>', '<ClaimsProvider'),
      (t) => t.replace('Id="login-NonInteractive"', 'Id="login-NonInteractive'),
      (t) => t.replace('</TechnicalProfile>', '</TechnicalProfil>'),
      (t) => t.replace('<DisplayName>', '<DisplayName>&nbsp;'),
      (t) => t + '<Extra/>',
      (t) => t.replace('<TechnicalProfile Id', '<TechnicalProfile Id="x" Id'),
      (t) => t.replace('<DisplayName>', '<DisplayName>&amp; &#169; &#x1F600;'),
      (t) => t.replace('<!--', '<!-- unclosed comment'),
    ];
    for (const damage of damages) {
      const damaged = damage(text);
      const ours = parseXml(damaged).problems.filter((p) => p.severity === 'error').length > 0;
      const theirs = xmldomErrors(damaged).length > 0;
      assert.equal(ours, theirs, `disagreement on: ${damage.toString()}`);
    }
  });

  it('rejects characters XML 1.0 forbids, raw or as character references, and nothing it allows', () => {
    const bad = ['\u0001', '&#x1;', '&#0;', '&#xFFFE;', '\uFFFF', '&#xD800;', '&#1114112;', '\uD800', 'a\uDC00', '\u001F'];
    for (const b of bad) {
      for (const doc of [`<a><b>x${b}y</b></a>`, `<a><b v="x${b}"/></a>`]) {
        const problems = parseXml(doc).problems;
        assert.equal(problems.length, 1, `${JSON.stringify(doc)}: ${JSON.stringify(problems)}`);
        assert.match(problems[0].message, /not allow/);
      }
    }
    assert.equal(parseXml('<a><!-- \u0001 --></a>').problems.length, 1, 'in a comment too');
    const good = ['&#9;', '&#xA;', '&#13;', '&#x20;', '&#xD7FF;', '&#xE000;', '&#xFFFD;', '&#x10000;', '&#x10FFFF;', '\uD83D\uDE00', '\t', '\u00A0'];
    for (const g of good) assert.deepEqual(parseXml(`<a><b v="${g}">${g}</b></a>`).problems, [], JSON.stringify(g));
  });

  it('rejects a bare ampersand, as the XML spec (and B2C) do, where xmldom is lenient', () => {
    const xml = parseXml('<a><b>a & b</b></a>');
    assert.equal(xml.problems.length, 1);
    assert.match(xml.problems[0].message, /bare '&'/);
  });

  it('reports a placeholder like <yourtenant> once and keeps the rest of the tree', () => {
    const text = `<TrustFrameworkPolicy PolicyId="P">
  <ClaimsProviders><ClaimsProvider><TechnicalProfiles>
    <TechnicalProfile Id="A"><Metadata><Item Key="METADATA">https://login.microsoftonline.com/<yourtenant>/v2.0/.well-known/openid-configuration</Item></Metadata></TechnicalProfile>
    <TechnicalProfile Id="B"><Metadata><Item Key="client_id">x</Item></Metadata></TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
</TrustFrameworkPolicy>`;
    const { xml, file } = parsePolicy('file:///t.xml', 1, text);
    assert.equal(xml.problems.length, 1);
    assert.match(xml.problems[0].message, /<yourtenant> is never closed/);
    assert.equal(text.slice(xml.problems[0].start, xml.problems[0].end), '<yourtenant>');
    assert.deepEqual(file.definitions.map((d) => d.id), ['A', 'B']);
  });

  it('gives one B100 per template leftover in a real policy, and the rest of it still resolves and navigates', () => {
    // Woodgrove's MFA relying party with <yourtenant> left where sample repositories leave it.
    const dir = path.join(SHARED, 'corpus', 'woodgrove', 'Policies');
    const read = (f: string) => decodeBytes(fs.readFileSync(path.join(dir, f))).text;
    const uriOf = (f: string) => 'file:///woodgrove/' + f;
    const leaf = 'B2C_1A_mfa.xml';
    const clean = read(leaf);
    const tenant = 'TenantId="yourtenant.onmicrosoft.com"';
    const spots: Record<string, string> = {
      'a stray tag inside the root start tag': clean.replace(tenant, `<yourtenant> ${tenant}`),
      'an unquoted attribute value': clean.replace(tenant, 'TenantId=<yourtenant>.onmicrosoft.com'),
      'a quoted attribute value': clean.replace(tenant, 'TenantId="<yourtenant>.onmicrosoft.com"'),
      'a line before the root element': clean.replace('<TrustFrameworkPolicy', '<yourtenant>\n<TrustFrameworkPolicy'),
      'element text': clean.replace('<TenantId>yourtenant.onmicrosoft.com</TenantId>', '<TenantId><yourtenant>.onmicrosoft.com</TenantId>'),
    };
    const index = new PolicyIndex();
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))) index.set(parsePolicy(uriOf(f), null, read(f)).file);
    const render = (f: ReturnType<typeof parsePolicy>['file']) => [...f.definitions.map((d) => `${d.kind}:${d.id}`), ...f.references.map((r) => `${r.target}:${r.value}`)];
    const expected = render(index.get(uriOf(leaf))!);
    const diagnosticsOf = (text: string) => {
      const { file, xml } = parsePolicy(uriOf(leaf), 1, text);
      index.set(file);
      return { file, found: doValidation({ file, xml, index, options: {} }).map((d) => `${d.code} ${d.message}`) };
    };
    const baseline = diagnosticsOf(clean).found;
    assert.ok(!baseline.some((d) => d.startsWith('B100')));
    for (const [where, text] of Object.entries(spots)) {
      assert.notEqual(text, clean, where);
      const { file, found } = diagnosticsOf(text);
      assert.deepEqual(found.filter((d) => d.startsWith('B100')).length, 1, `${where}: ${found.join('\n')}`);
      // Nothing else changes: the same definitions and references, and no new finding of any other code.
      assert.deepEqual(found.filter((d) => !d.startsWith('B100')), baseline, where);
      assert.deepEqual(render(file), expected, where);
      const at = text.indexOf('ClaimTypeReferenceId="isActiveMFASession"') + 'ClaimTypeReferenceId="'.length;
      const targets = findDefinition(file, file.lines.positionAt(at), index).map((l) => l.targetUri.replace('file:///woodgrove/', ''));
      assert.ok(targets.length > 0 && targets.every((t) => t !== leaf), `${where}: ${targets}`);
    }
  });

  it('bounds the look-ahead that tells a placeholder from a real tag (hostile start tags stay linear)', () => {
    const n = 100_000;
    const shapes = [
      `<a ${Array.from({ length: n }, (_, i) => `<p${i}> `).join('')}>${'x'.repeat(1e6)}</a>`,
      `<a ${Array.from({ length: n }, (_, i) => `<a${i}>`).join('')}${'x'.repeat(1e6)}${Array.from({ length: n }, (_, i) => `</a${i}>`).join('')}</a>`,
      `${'<p>'.repeat(n)}<a>${'x'.repeat(1e6)}</a>`,
    ];
    for (const text of shapes) {
      const t0 = Date.now();
      const xml = parseXml(text);
      // Quadratic would be minutes (100,000 scans of 1 MB); the bound leaves room for a loaded machine.
      assert.ok(Date.now() - t0 < 5000, `${text.slice(0, 30)}: ${Date.now() - t0} ms`);
      assert.ok(xml.problems.length > 0);
    }
  });

  it('reports < inside an attribute value once and keeps the value', () => {
    const text = '<TrustFrameworkPolicy PolicyId="P" PublicPolicyUri="http://<yourtenant>.onmicrosoft.com/P"><BasePolicy/></TrustFrameworkPolicy>';
    const xml = parseXml(text);
    assert.equal(xml.problems.length, 1);
    assert.match(xml.problems[0].message, /'<' is not allowed inside the value of 'PublicPolicyUri'/);
    assert.equal(getAttribute(xml.root!, 'PublicPolicyUri')?.value, 'http://<yourtenant>.onmicrosoft.com/P');
    assert.equal(xml.root!.children.length, 1);
  });

  it('recovers from a half-typed attribute so later siblings survive', () => {
    const text = '<Metadata>\n  <Item Key="\n  <Item Key="ServiceUrl">https://x</Item>\n</Metadata>';
    const xml = parseXml(text);
    const items = xml.root!.children;
    assert.equal(items.length, 2);
    assert.equal(getAttribute(items[1], 'Key')?.value, 'ServiceUrl');
    assert.equal(elementText(items[1], text)?.value, 'https://x');
    assert.ok(xml.problems.length >= 1);
  });

  it('bounds nesting depth without recursion trouble', () => {
    const depth = 100_000;
    const text = '<a>'.repeat(depth) + '</a>'.repeat(depth);
    const xml = parseXml(text);
    assert.equal(xml.problems.length, 1);
    assert.match(xml.problems[0].message, new RegExp(`more than ${MAX_DEPTH} levels`));
    let d = 0;
    for (let el = xml.root; el; el = el.children[0]) d++;
    assert.equal(d, MAX_DEPTH);
  });

  it('never expands entities: a billion-laughs document stays small and gets one DOCTYPE warning', () => {
    const lol = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<TrustFrameworkPolicy PolicyId="&lol2;&xxe;"/>`;
    const xml = parseXml(lol);
    assert.equal(xml.problems[0].severity, 'warning');
    assert.match(xml.problems[0].message, /DOCTYPE/);
    assert.equal(getAttribute(xml.root!, 'PolicyId')?.value, '&lol2;&xxe;');
    assert.ok(xml.problems.some((p) => /entity '&lol2;' is not defined/.test(p.message)));
  });

  it('keeps offsets right with a BOM and CRLF line ends', () => {
    const text = '\uFEFF<TrustFrameworkPolicy PolicyId="P">\r\n  <BasePolicy><PolicyId>B</PolicyId></BasePolicy>\r\n</TrustFrameworkPolicy>';
    const { file } = parsePolicy('file:///t.xml', 1, text);
    assert.equal(file.policyId?.value, 'P');
    assert.equal(text.slice(file.basePolicy!.policyId!.start, file.basePolicy!.policyId!.end), 'B');
    assert.deepEqual(file.lines.positionAt(file.basePolicy!.policyId!.start), { line: 1, character: 24 });
  });

  it('decodes UTF-16 with a BOM and refuses binary data', () => {
    const s = '<TrustFrameworkPolicy PolicyId="é"/>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    assert.equal(decodeBytes(le).text, s);
    const be = Buffer.from(le.subarray(2)).swap16();
    assert.equal(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text, s);
    assert.match(decodeBytes(Buffer.from([0x3c, 0x00, 0x01, 0x02])).problem!, /binary/);
    const bad = decodeBytes(Buffer.from([0x3c, 0x61, 0xff, 0x3e]));
    assert.match(bad.problem!, /not valid UTF-8/);
    assert.equal(bad.text, '<a\uFFFD>');
  });
});
