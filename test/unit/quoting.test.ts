/**
 * Values quoted into messages (issue 16, also-fix list): short, on one line, and never the query string, fragment or
 * user information of a URL. Messages reach CLI output, SARIF files and CI logs; an Azure Functions `?code=` key in a
 * ServiceUrl must stay in the policy file. The whole-policy test salts every attribute value and element text of a
 * real set with such URLs, one attribute name at a time, and reads every message of every validator.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { quoteValue, shortValue } from '../../server/src/service/model/quoting';
import { Workspace } from '../../server/src/node/workspace';
import { fileDiagnostics } from '../../server/src/node/fileDiagnostics';
import { pathToUri } from '../../server/src/node/files';
import { sanitizeSettings, validationOptions } from '../../server/src/node/settings';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';

const SECRET = /SECRET/;

describe('quoteValue', () => {
  it('cuts every URL before its query string and fragment and drops user information', () => {
    assert.equal(quoteValue('https://fn.azurewebsites.net/api/check?code=KEY-SECRET=='), "'https://fn.azurewebsites.net/api/check?…'");
    assert.equal(quoteValue('fn.azurewebsites.net/api/check?code=KEY-SECRET'), "'fn.azurewebsites.net/api/check?…'", 'no scheme (what B215 reports)');
    assert.equal(quoteValue('htps://fn.example/x?sig=SAS-SECRET&se=2030'), "'htps://fn.example/x?…'", 'a misspelt scheme');
    assert.equal(quoteValue('https://user:PW-SECRET@api.example/x'), "'https://api.example/x'");
    assert.equal(quoteValue('user:PW-SECRET@api.example/x'), "'api.example/x'");
    assert.equal(quoteValue('https://api.example/x#access_token=TOKEN-SECRET'), "'https://api.example/x#…'");
    assert.equal(quoteValue('{Settings:Host}/api?code=KEY-SECRET'), "'{Settings:Host}/api?…'");
    assert.equal(quoteValue('https://api.example/a b?code=KEY-SECRET'), "'https://api.example/a b?…'", 'a space does not hide the query');
    assert.equal(quoteValue('https://a.example/?code=K1-SECRET and https://b.example/?code=K2-SECRET'), "'https://a.example/?… and https://b.example/?…'");
  });

  it('leaves values that are not URLs alone', () => {
    for (const v of ['email', 'B2C_1A_TrustFrameworkBase', 'SelfAsserted-LocalAccountSignin-Email', 'someone@contoso.com', 'What?', 'C#', 'a=b', '{Claim:email}'])
      assert.equal(quoteValue(v), `'${v}'`);
  });

  it('shortens long values, keeps them on one line and shows control characters as escapes', () => {
    const long = quoteValue('x'.repeat(10_000));
    assert.equal(long.length, 62);
    assert.ok(long.endsWith("…'"));
    assert.equal(quoteValue('a\r\nb\nc\td'), "'a b c d'");
    assert.equal(quoteValue('a\u0000b\u0001\uFFFE'), "'a\\u0000b\\u0001\\uFFFE'");
    assert.equal(quoteValue('a\uD800b'), "'a\\uD800b'", 'a lone surrogate');
    const pairs = shortValue('\u{1F600}'.repeat(100));
    assert.ok(!/[\uD800-\uDBFF]…$/.test(pairs), 'never splits a surrogate pair');
  });
});

const REST = `<ClaimsProvider><DisplayName>REST</DisplayName><TechnicalProfiles>
        <TechnicalProfile Id="REST-Check"><DisplayName>Check</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="ServiceUrl">fn-contoso.azurewebsites.net/api/check?code=FUNCTION-KEY-SECRET==</Item>
            <Item Key="AuthenticationType">None</Item>
            <Item Key="AllowInsecureAuthInProduction">true</Item>
            <Item Key="SendClaimsIn">Body</Item>
          </Metadata>
          <InputClaims><InputClaim ClaimTypeReferenceId="email" /></InputClaims>
        </TechnicalProfile></TechnicalProfiles></ClaimsProvider>`;

/**
 * The LocalAccounts starter-pack set, in memory, with a RESTful profile whose ServiceUrl holds a function key (and is
 * not absolute: B215), run by the sign-in page (an override in the extensions file) as a validation profile so that a
 * relying party reaches it.
 */
function starterSet(): Map<string, string> {
  const dir = path.join(STARTERPACK, 'LocalAccounts');
  const files = new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => [path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8')]));
  const edit = (name: string, change: (t: string) => string) => {
    const p = path.join(dir, name);
    const changed = change(files.get(p)!);
    assert.notEqual(changed, files.get(p), name);
    files.set(p, changed);
  };
  edit('TrustFrameworkExtensions.xml', (t) => t.replace('<ClaimsProviders>', `<ClaimsProviders>${REST}`));
  edit('TrustFrameworkExtensions.xml', (t) => t.replace('<ClaimsProviders>', `<ClaimsProviders><ClaimsProvider><DisplayName>Local</DisplayName><TechnicalProfiles>
    <TechnicalProfile Id="SelfAsserted-LocalAccountSignin-Email"><ValidationTechnicalProfiles><ValidationTechnicalProfile ReferenceId="REST-Check" /></ValidationTechnicalProfiles></TechnicalProfile>
    </TechnicalProfiles></ClaimsProvider>`));
  return files;
}

function messages(files: Map<string, string>): string[] {
  const ws = new Workspace();
  for (const [p, text] of files) ws.update(pathToUri(p), 1, text);
  const options = validationOptions(sanitizeSettings({}));
  return [...files.keys()].flatMap((p) => fileDiagnostics(ws, pathToUri(p), options).map((d) => `${d.code} ${typeof d.message === 'string' ? d.message : ''}`));
}

describe('messages never carry URL secrets or whole long values', () => {
  const SALTS = ['https://us:PW-SECRET@fn.example/api?code=KEY-SECRET#FRAG-SECRET', 'fn.example/api?code=KEY-SECRET', 'x'.repeat(300)];

  it('on a real set with every value of one attribute name, or every element text, salted', () => {
    const original = starterSet();
    const names = new Set<string>();
    for (const text of original.values()) for (const m of text.matchAll(/\s([\w:]+)="[^"]*"/g)) names.add(m[1]);
    names.delete('xmlns'); names.delete('xmlns:xsi'); names.delete('xmlns:xsd');
    let seen = 0;
    const codes = new Set<string>();
    const variants: Array<[string, (t: string, salt: string) => string]> = [
      ...[...names].map((n): [string, (t: string, salt: string) => string] => [n, (t, salt) => t.replace(new RegExp(`(\\s${n}=")([^"]*)"`, 'g'), (_m, a, v) => `${a}${v}${salt}"`)]),
      // Element text, except the base's PolicyId (a broken chain silences the rules this test wants to hear).
      ['element text', (t, salt) => t.replace(/(<(?!PolicyId)[\w:]+[^<>]*>)([^<>\s][^<>]*)</g, (_m, tag, v) => `${tag}${v}${salt}<`)],
      ['whole element text', (t, salt) => t.replace(/(<(?!PolicyId)[\w:]+[^<>]*>)([^<>\s][^<>]*)</g, (_m, tag) => `${tag}${salt}<`)],
    ];
    for (const [what, salt] of variants) {
      for (const s of SALTS) {
        const files = new Map([...original].map(([p, t]) => [p, salt(t, s)]));
        for (const m of messages(files)) {
          seen++;
          codes.add(m.split(' ')[0]);
          assert.doesNotMatch(m, SECRET, `${what}: ${m.slice(0, 300)}`);
          assert.ok(!m.includes('x'.repeat(61)), `${what}: a long value quoted whole: ${m.slice(0, 200)}`);
        }
      }
    }
    // The salts reach many rules, not a few.
    console.log(`${seen} messages, ${codes.size} codes: ${[...codes].sort().join(' ')}`);
    assert.ok(seen > 500 && codes.size >= 12 && codes.has('B215'), `${seen} messages, codes ${[...codes].sort().join(' ')}`);
  });

  it('B215 in the CLI text and SARIF output: the function key stays in the file', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-quote-')));
    try {
      for (const [p, t] of starterSet()) fs.writeFileSync(path.join(dir, path.basename(p)), t);
      for (const format of ['text', 'sarif']) {
        const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '--format', format, '.'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
        assert.match(r.stdout, /B215/, `${format}: ${r.stdout.slice(0, 500)} ${r.stderr}`);
        assert.match(r.stdout, /fn-contoso\.azurewebsites\.net\/api\/check\?…/);
        assert.doesNotMatch(r.stdout + r.stderr, /FUNCTION-KEY|SECRET/, format);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
