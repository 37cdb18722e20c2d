/**
 * The command-line checker, driven as users drive it: `node dist/cli.js ...` in a child process, with whole
 * outputs compared to golden files under test/fixtures/cli/. Build first (`npm run build`).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { REPO_ROOT, STARTERPACK } from '../helpers/paths';
import { UsageError, parseArgs } from '../../server/src/node/cli/args';
import { Progress } from '../../server/src/node/cli/progress';
import { styleFor } from '../../server/src/node/cli/style';
import { relativeUri } from '../../server/src/node/cli/sarifReport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'cli');

interface Run { status: number | null; stdout: string; stderr: string }

function cli(args: string[], cwd = FIXTURES, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const expected = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-cli-'));
}

describe('cli check', () => {
  it('passes the starter pack with no errors or warnings and one summary line', () => {
    const r = cli(['check', '.'], STARTERPACK);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^57 policy files checked: 0 errors, 0 warnings, \d+ info, 0 hints( \(info and hints not shown; --verbose shows them\))?\n$/);
    assert.equal(r.stderr, '');
  });

  it('prints only information and hints beyond the summary on the starter pack with --verbose', () => {
    const r = cli(['check', '--verbose', '.'], STARTERPACK);
    assert.equal(r.status, 0);
    const lines = r.stdout.trimEnd().split('\n');
    const summary = lines.pop()!;
    const info = Number(/, (\d+) info/.exec(summary)![1]);
    assert.equal(lines.length, info);
    for (const line of lines) assert.match(line, /^[^:]+\.xml:\d+:\d+ (info|hint) B\d{3} /);
  });

  it('reports a broken LocalAccounts set with exactly the expected lines and exit code 1', () => {
    const r = cli(['check', 'faulty']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, expected('faulty.expected.txt'));
    assert.equal(r.stderr, '');
    assert.equal(cli(['check', '--show-info', 'faulty']).stdout, expected('faulty.verbose.expected.txt'));
    assert.equal(cli(['check', '--verbose', 'faulty']).stdout, expected('faulty.verbose.expected.txt'));
  });

  it('checks a single file and a folder given together, each file once', () => {
    const r = cli(['check', 'faulty/SignUpOrSignin.xml', 'faulty']);
    assert.equal(r.stdout, expected('faulty.expected.txt'));
  });

  it('treats a base outside the given paths as an incomplete chain: information only', () => {
    const r = cli(['check', '--verbose', 'faulty/SignUpOrSignin.xml']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, [
      "faulty/SignUpOrSignin.xml:7:13 info B636 TenantId still holds the starter pack's 'yourtenant' (noted once per file: look for it elsewhere in the file too). Put your tenant's name, or {Settings:Tenant} for a build, before uploading, unless your deploy tool replaces it.",
      "faulty/SignUpOrSignin.xml:13:15 info B103 No file in the workspace declares PolicyId 'B2C_1A_TrustFrameworkExtensions', so references that the base may define are not checked.",
      '1 policy file checked: 0 errors, 0 warnings, 2 info, 0 hints; 1 with an incomplete chain, whose references are not checked (B103)',
      '',
    ].join('\n'));
  });

  it('resolves through --base and .b2cpolicyrc.json baseFolders, never reports on them, and says so in the summary', () => {
    // A samples layout: the relying party and Extensions here, the base (with a fault of its own) elsewhere.
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'sample'));
    fs.mkdirSync(path.join(dir, 'starter'));
    const faulty = path.join(FIXTURES, 'faulty');
    for (const f of ['SignUpOrSignin.xml', 'TrustFrameworkExtensions.xml']) fs.copyFileSync(path.join(faulty, f), path.join(dir, 'sample', f));
    for (const f of ['TrustFrameworkBase.xml', 'TrustFrameworkLocalization.xml']) fs.copyFileSync(path.join(faulty, f), path.join(dir, 'starter', f));
    fs.writeFileSync(path.join(dir, 'starter', 'Broken.xml'), '<TrustFrameworkPolicy PolicyId="B2C_1A_Broken"><Oops></TrustFrameworkPolicy>');
    const alone = cli(['check', 'sample'], dir);
    assert.match(alone.stdout, /2 policy files checked: .*; 2 with an incomplete chain, whose references are not checked \(B103\)\n$/);
    const withBase = cli(['check', 'sample', '--base', 'starter'], dir);
    assert.equal(withBase.stdout, [
      "sample/SignUpOrSignin.xml:27:44 error B101 The claim type 'givenNmae' is not defined in this policy or its base policies.",
      'sample/TrustFrameworkExtensions.xml:21:22 error B106 The claim type \'loyaltyNumber\' is already defined in this file (line 17).',
      '2 policy files checked: 2 errors, 0 warnings, 2 info, 0 hints (info and hints not shown; --verbose shows them); 3 files in base folders not checked',
      '',
    ].join('\n'));
    assert.equal(withBase.status, 1);
    // The same from the settings file (relative to its folder), and a base folder inside the checked path.
    fs.writeFileSync(path.join(dir, '.b2cpolicyrc.json'), JSON.stringify({ baseFolders: ['starter'] }));
    assert.equal(cli(['check', 'sample'], dir).stdout, withBase.stdout);
    assert.equal(cli(['check', '.'], dir).stdout, withBase.stdout);
    const json = JSON.parse(cli(['check', '-f', 'json', '.'], dir).stdout);
    assert.deepEqual(json.summary.notChecked, { baseFolders: 3, incompleteChains: 0, notAnalysed: 0 });
    assert.match(cli(['chain', 'sample/SignUpOrSignin.xml', 'sample'], dir).stdout, /starter\/TrustFrameworkBase\.xml {2}B2C_1A_TrustFrameworkBase\nstatus: complete \(4 files\)/);
    assert.equal(cli(['check', 'sample', '--base', 'nowhere'], dir).status, 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails on warnings only above --max-warnings', () => {
    const clean = cli(['check', 'warnings']);
    assert.equal(clean.status, 0);
    assert.match(clean.stdout, /^warnings\/Standalone\.xml:2:1 warning B109 .*\n1 policy file checked: 0 errors, 1 warning, 0 info, 0 hints\n$/);
    for (const args of [['--max-warnings', '0'], ['--max-warnings=0']]) {
      const r = cli(['check', ...args, 'warnings']);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, 'b2c-policy: 1 warning, more than --max-warnings 0 allows.\n');
    }
    assert.equal(cli(['check', '--max-warnings', '1', 'warnings']).status, 0);
    assert.equal(cli(['check', '--max-warnings', '5', 'faulty']).status, 1, 'errors still fail');
  });

  it('writes plain text when stdout is not a terminal', () => {
    const r = cli(['check', 'faulty'], FIXTURES, { FORCE_COLOR: '1' });
    assert.doesNotMatch(r.stdout, /\x1b\[/);
  });
});

describe('cli usage errors exit 2 with a message on stderr', () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /Missing command/],
    [['lint'], /Unknown command 'lint'/],
    [['check', '--bogus'], /Unknown option '--bogus'/],
    [['check', '--format', 'xml', 'faulty'], /must be one of text, json, sarif, github, azure, mermaid, dot; got 'xml'/],
    [['check', '--quiet', '--verbose', 'faulty'], /'--quiet' and '--verbose' contradict each other/],
    [['check', '--format'], /Option '--format' needs a value/],
    [['check', '--max-warnings', '-1', 'faulty'], /Option '--max-warnings' needs a value/],
    [['check', '--max-warnings', 'many', 'faulty'], /needs a whole number/],
    [['check', '--verbose=yes'], /takes no value/],
    [['check', 'no-such-folder'], /No such file or folder: no-such-folder/],
    [['check', 'faulty', 'missing.xml'], /No such file or folder: missing.xml/],
    [['check', '--config', 'nowhere.json', 'faulty'], /Cannot read the settings file nowhere.json: ENOENT/],
    [['chain'], /chain command needs a policy file/],
    [['chain', 'sarif-schema-2.1.0.json', 'chains'], /is not a policy file/],
    [['refs'], /refs command needs an Id/],
    [['refs', '--format', 'json', 'x'], /applies to the check and journey commands only/],
    [['check', '--format', 'mermaid', 'faulty'], /of the check command must be one of text, json, sarif, github, azure; got 'mermaid'/],
    [['journey', '--format', 'sarif', 'x.xml'], /of the journey command must be one of mermaid, dot, json; got 'sarif'/],
    [['journey'], /The journey command needs a relying-party file/],
  ];
  for (const [args, message] of cases) {
    it(`b2c-policy ${args.join(' ')}`, () => {
      const r = cli(args);
      assert.equal(r.status, 2);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^b2c-policy: /);
    });
  }

  it('a settings file that is not JSON', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.b2cpolicyrc.json'), '{ "diagnostics": ');
    const r = cli(['check', '.'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^b2c-policy: The settings file \.b2cpolicyrc\.json is not valid JSON/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a path that cannot be read (when not running as root, which reads everything)', () => {
    const dir = tempDir();
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o000 });
    const r = cli(['check', 'locked'], dir);
    // Root reads it anyway, and finds an empty folder: no policy file, which is exit 2 as well.
    const root = process.getuid?.() === 0;
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, root ? /No policy file .* under locked\./ : /Cannot read locked/);
    fs.chmodSync(locked, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('cli help and version', () => {
  it('prints help on stdout with exit 0', () => {
    for (const args of [['--help'], ['-h'], ['check', '--help']]) {
      const r = cli(args);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Usage: b2c-policy <command> \[options\]/);
    }
  });

  it('prints the package version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
    assert.equal(cli(['--version']).stdout, version + '\n');
    assert.equal(cli(['-v']).stdout, version + '\n');
  });
});

describe('cli --format json', () => {
  it('parses, lists each shown finding with 1-based positions, and counts everything in the summary', () => {
    const r = cli(['check', '--format', 'json', 'faulty']);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.summary, { files: 6, errors: 4, warnings: 1, information: 8, hints: 0, notChecked: { baseFolders: 0, incompleteChains: 0, notAnalysed: 0 } });
    const asText = out.diagnostics.map((d: Record<string, unknown>) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
    assert.deepEqual(asText, expected('faulty.expected.txt').trimEnd().split('\n').slice(0, -1));
    const typo = out.diagnostics.find((d: { code: string }) => d.code === 'B101');
    assert.deepEqual(typo, {
      file: 'faulty/SignUpOrSignin.xml', line: 27, column: 44, endLine: 27, endColumn: 53, severity: 'error', code: 'B101',
      message: "The claim type 'givenNmae' is not defined in this policy or its base policies.",
    });
    assert.equal(JSON.parse(cli(['check', '-f', 'json', '--verbose', 'faulty']).stdout).diagnostics.length, out.diagnostics.length + 8);
  });
});

describe('cli --format github and azure (CI annotations)', () => {
  it('github: one workflow command per finding, then the summary, matching the golden file', () => {
    const r = cli(['check', '--format', 'github', 'faulty']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, expected('faulty.github.expected.txt'));
    const verbose = cli(['check', '--format', 'github', '--verbose', 'faulty']).stdout.split('\n');
    assert.equal(verbose.filter((l) => l.startsWith('::notice ')).length, 8, 'information notes become notices with --verbose');
  });

  it('azure: task.logissue per error and warning, then the summary, matching the golden file', () => {
    const r = cli(['check', '--format', 'azure', 'faulty']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, expected('faulty.azure.expected.txt'));
  });

  it('escapes what would end or split a command', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'a,b:c;d]%'));
    const policy = (extra: string) => `<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_x" PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_x"><BuildingBlocks><ClaimsSchema><ClaimType Id="x"/><ClaimType Id="x"/></ClaimsSchema></BuildingBlocks>${extra}</TrustFrameworkPolicy>`;
    fs.writeFileSync(path.join(dir, 'a,b:c;d]%', 'p.xml'), policy(''));
    const gh = cli(['check', '-f', 'github', '-q', '.'], dir).stdout;
    assert.match(gh, /^::error file=a%2Cb%3Ac;d\]%25\/p\.xml,line=1,col=\d+,endLine=1,endColumn=\d+,title=B106::The claim type 'x' is already defined in this file \(line 1\)\.\n$/);
    const az = cli(['check', '-f', 'azure', '-q', '.'], dir).stdout;
    assert.match(az, /^##vso\[task\.logissue type=error;sourcepath=a,b:c%3Bd%5D%AZP25\/p\.xml;linenumber=1;columnnumber=\d+;code=B106;\]The claim type 'x' is already defined in this file \(line 1\)\.\n$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('cli --quiet', () => {
  it('prints errors only and no summary, in every format; warnings still count for --max-warnings', () => {
    const r = cli(['check', '--quiet', 'faulty']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, expected('faulty.expected.txt').split('\n').filter((l) => / error B\d{3} /.test(l)).map((l) => l + '\n').join(''));
    assert.equal(cli(['check', '-q', 'faulty']).stdout, r.stdout);
    const json = JSON.parse(cli(['check', '-q', '-f', 'json', 'faulty']).stdout);
    assert.deepEqual(json.diagnostics.map((d: { severity: string }) => d.severity), ['error', 'error', 'error', 'error']);
    assert.equal(json.summary.warnings, 1, 'the summary still counts every finding');
    assert.equal(cli(['check', '-q', 'warnings']).stdout, '');
    assert.equal(cli(['check', '-q', 'warnings']).status, 0);
    assert.equal(cli(['check', '-q', '--max-warnings', '0', 'warnings']).status, 1);
  });
});

describe('cli check on paths that hold no policy', () => {
  it('exits 2 with a message for an empty folder, and for a folder of other XML', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.mkdirSync(path.join(dir, 'other'));
    fs.writeFileSync(path.join(dir, 'other', 'pom.xml'), '<project><modelVersion>4.0.0</modelVersion></project>');
    for (const folder of ['empty', 'other']) {
      for (const format of ['text', 'json', 'sarif', 'github', 'azure']) {
        const r = cli(['check', '-f', format, folder], dir);
        assert.equal(r.status, 2, `${folder} ${format}`);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr, `b2c-policy: No policy file (XML with a TrustFrameworkPolicy root) under ${folder}.\n`);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('cli --format sarif', () => {
  const schema = JSON.parse(expected('sarif-schema-2.1.0.json'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  // The schema's language pattern is not valid with the u flag, hence unicodeRegExp: false above.
  function sarif(args: string[], cwd = FIXTURES): { status: number | null; log: any } {
    const r = cli(['check', '--format', 'sarif', ...args], cwd);
    const log = JSON.parse(r.stdout);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    return { status: r.status, log };
  }

  it('validates against the SARIF 2.1.0 schema, with a rule per code and results located in relative files', () => {
    const { status, log } = sarif(['faulty']);
    assert.equal(status, 1);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'b2c-policy');
    const rules = run.tool.driver.rules as Array<{ id: string; shortDescription: { text: string }; help: { text: string } }>;
    for (const code of ['B100', 'B101', 'B106', 'B109']) assert.ok(rules.some((r) => r.id === code), code);
    for (const rule of rules) assert.ok(rule.shortDescription.text && rule.help.text.includes(rule.id));
    const results = run.results.map((r: any) => {
      const loc = r.locations[0].physicalLocation;
      assert.equal(rules[r.ruleIndex].id, r.ruleId);
      return `${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn} ${r.level} ${r.ruleId}`;
    });
    assert.deepEqual(results, [
      'faulty/PasswordReset.xml:2:1 warning B109',
      'faulty/ProfileEdit.xml:21:7 error B100',
      'faulty/ProfileEdit.xml:24:8 error B801',
      'faulty/SignUpOrSignin.xml:27:44 error B101',
      'faulty/TrustFrameworkExtensions.xml:21:22 error B106',
    ]);
  });

  it('maps information to notes and percent-encodes paths with spaces', () => {
    const { status, log } = sarif(['--verbose', '.'], STARTERPACK);
    assert.equal(status, 0);
    const results = log.runs[0].results as Array<{ level: string; locations: any[] }>;
    assert.ok(results.length > 0);
    assert.ok(results.every((r) => r.level === 'note'));
    assert.ok(results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri.startsWith('Display%20Controls%20Starterpack/')));
    assert.equal(relativeUri('../a b/c#d.xml'), '../a%20b/c%23d.xml');
  });

  it('is valid with no results at all', () => {
    const { status, log } = sarif(['configured']);
    assert.equal(status, 0);
    assert.deepEqual(log.runs[0].results, []);
  });
});

describe('cli settings (.b2cpolicyrc.json)', () => {
  it('is found in the folder of the first path: B101 off, ignored/** excluded', () => {
    const r = cli(['check', 'configured']);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(r.stdout, '1 policy file checked: 0 errors, 0 warnings, 0 info, 0 hints\n');
  });

  it('is found in the current folder', () => {
    const r = cli(['check'], path.join(FIXTURES, 'configured'));
    assert.equal(r.stdout, '1 policy file checked: 0 errors, 0 warnings, 0 info, 0 hints\n');
  });

  it('is given with --config, and applies to other folders', () => {
    const r = cli(['check', '--config', 'configured/.b2cpolicyrc.json', 'faulty']);
    const withoutB101 = expected('faulty.expected.txt').split('\n').filter((l) => !l.includes(' B101 '));
    withoutB101[withoutB101.length - 2] = withoutB101[withoutB101.length - 2].replace('4 errors', '3 errors');
    assert.equal(r.stdout, withoutB101.join('\n'));
    assert.equal(r.status, 1);
  });

  it('reports values the settings schema does not allow on stderr, ignores them, and still runs', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'rc.json'), JSON.stringify({ diagnostics: { codes: { B101: 'of', B106: 'off' } } }));
    const r = cli(['check', '--config', path.join(dir, 'rc.json'), 'faulty']);
    assert.equal(r.status, 1, 'B101 keeps its default severity: the bad value changes nothing');
    assert.match(r.stderr, /^b2c-policy: ignoring a bad value in .*rc\.json: diagnostics\.codes\.B101: must be one of error, warning, information, hint, off \(got "of"\)\n$/);
    assert.match(r.stdout, / error B101 /);
    assert.doesNotMatch(r.stdout, / B106 /, 'the good value applies');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports unknown keys on stderr and still runs', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'rc.json'), JSON.stringify({ diagnostic: {}, exclude: [] }));
    const r = cli(['check', '--config', path.join(dir, 'rc.json'), 'warnings']);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /ignoring unknown settings in .*rc\.json: diagnostic\n$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('cli chain', () => {
  it('prints a complete chain base-most last, exit 0', () => {
    const r = cli(['chain', 'LocalAccounts/SignUpOrSignin.xml', 'LocalAccounts'], STARTERPACK);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, expected('chain-localaccounts.expected.txt'));
  });

  it('names the candidates of an ambiguous chain, exit 1', () => {
    const r = cli(['chain', 'chains/rp/SignIn.xml', 'chains']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, expected('chain-ambiguous.expected.txt'));
  });

  it('reports incomplete chains and cycles', () => {
    const orphan = cli(['chain', 'chains/rp/Orphan.xml', 'chains']);
    assert.equal(orphan.status, 1);
    assert.equal(orphan.stdout, [
      'chains/rp/Orphan.xml  B2C_1A_Orphan',
      '  (missing) no file declares PolicyId B2C_1A_Missing',
      'status: incomplete: no file declares PolicyId B2C_1A_Missing (the base of chains/rp/Orphan.xml)',
      '',
    ].join('\n'));
    const cycle = cli(['chain', 'chains/cycle/First.xml', 'chains/cycle']);
    assert.equal(cycle.status, 1);
    assert.equal(cycle.stdout, [
      'chains/cycle/First.xml  B2C_1A_First',
      '  chains/cycle/Second.xml  B2C_1A_Second',
      '    chains/cycle/First.xml  B2C_1A_First  (cycle: already in this chain)',
      'status: cycle: the chain loops back at chains/cycle/Second.xml',
      '',
    ].join('\n'));
  });

  it('leaves out a candidate base whose own chain is broken, and says so', () => {
    const dir = tempDir();
    const write = (rel: string, policyId: string, base?: string) => {
      fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
      const basePolicy = base ? `<BasePolicy><TenantId>t</TenantId><PolicyId>${base}</PolicyId></BasePolicy>` : '';
      fs.writeFileSync(path.join(dir, rel), `<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t" PolicyId="${policyId}" PublicPolicyUri="http://t/${policyId}">${basePolicy}</TrustFrameworkPolicy>`);
    };
    write('set/Base.xml', 'B2C_1A_Base');
    write('set/Ext.xml', 'B2C_1A_Ext', 'B2C_1A_Base');
    write('old/Ext.xml', 'B2C_1A_Ext', 'B2C_1A_Gone');
    write('rp/SignIn.xml', 'B2C_1A_SignIn', 'B2C_1A_Ext');
    const r = cli(['chain', 'rp/SignIn.xml', '.'], dir);
    assert.equal(r.stdout, [
      'rp/SignIn.xml  B2C_1A_SignIn',
      '  (ignored) old/Ext.xml also declares PolicyId B2C_1A_Ext, but its own chain is broken',
      '  set/Ext.xml  B2C_1A_Ext',
      '    set/Base.xml  B2C_1A_Base',
      'status: complete (3 files)',
      '',
    ].join('\n'));
    assert.equal(r.status, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the file itself when it is outside the paths', () => {
    const r = cli(['chain', 'faulty/SignUpOrSignin.xml', 'chains/a']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /status: incomplete: no file declares PolicyId B2C_1A_TrustFrameworkExtensions/);
  });
});

describe('cli refs', () => {
  it('lists definitions and references of any kind, case-insensitively', () => {
    const r = cli(['refs', 'login-noninteractive', 'faulty']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, expected('refs-login-noninteractive.expected.txt'));
  });

  it('finds duplicates, policies and exchanges', () => {
    assert.equal(cli(['refs', 'loyaltyNumber', 'faulty']).stdout, [
      'faulty/TrustFrameworkExtensions.xml:17:22 definition ClaimType',
      'faulty/TrustFrameworkExtensions.xml:21:22 definition ClaimType',
      "2 definitions and 0 references of 'loyaltyNumber' in 6 policy files",
      '',
    ].join('\n'));
    assert.equal(cli(['refs', 'B2C_1A_Base', 'chains']).stdout, [
      'chains/a/Base.xml:2:163 definition Policy',
      'chains/b/Base.xml:2:163 definition Policy',
      'chains/rp/SignIn.xml:5:15 reference Policy (PolicyId)',
      "2 definitions and 1 reference of 'B2C_1A_Base' in 6 policy files",
      '',
    ].join('\n'));
  });

  it('exits 1 when the Id appears nowhere', () => {
    const r = cli(['refs', 'noSuchId', 'faulty']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "No definition or reference of 'noSuchId' in 6 policy files\n");
  });
});

describe('cli internals', () => {
  it('parses options before or after the command and positionals after --', () => {
    assert.deepEqual(parseArgs(['--verbose', 'check', '-f', 'sarif', 'a', '--', '--b']), {
      command: 'check', positionals: ['a', '--b'], format: 'sarif', verbose: true, quiet: false,
    });
    assert.throws(() => parseArgs(['check', '-x']), UsageError);
  });

  it('colours only a terminal without NO_COLOR', () => {
    assert.equal(styleFor(true, {}).red('x'), '\x1b[31mx\x1b[39m');
    assert.equal(styleFor(true, { NO_COLOR: '1' }).red('x'), 'x');
    assert.equal(styleFor(false, {}).red('x'), 'x');
  });

  it('shows progress only on a terminal, after a second or past 500 files', () => {
    const written: string[] = [];
    let now = 0;
    const tty = new Progress({ isTTY: true, write: (s: string) => written.push(s) }, () => now);
    tty.update('Indexing', 10, 100);
    assert.deepEqual(written, []);
    now = 1500;
    tty.update('Indexing', 20, 100);
    tty.end();
    assert.deepEqual(written, ['\r\x1b[KIndexing 20/100 files...', '\r\x1b[K']);
    const many: string[] = [];
    new Progress({ isTTY: true, write: (s: string) => many.push(s) }, () => now).update('Indexing', 1, 2000);
    assert.equal(many.length, 1);
    const pipe: string[] = [];
    const piped = new Progress({ isTTY: false, write: (s: string) => pipe.push(s) }, () => now);
    piped.update('Indexing', 1, 2000);
    piped.end();
    assert.deepEqual(pipe, []);
  });
});

describe('cli flow', () => {
  const WG = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'woodgrove', 'Policies');

  it('traces a claim along a relying party\'s merged journey: producers, consumers, the token and a summary', () => {
    const r = cli(['flow', 'objectId', 'B2C_1A_sign_up_sign_in_personal_LocalEmail.xml', '.'], WG);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'objectId in B2C_1A_sign_up_sign_in_personal_local_email (journey SignUpOrSignInWithPersonalAccount-LocalEmail)');
    assert.match(r.stdout, /^ {2}step 3 +CombinedSignInAndSignUp +produces +SelfAsserted-LocalAccount-Login \(OutputClaim\) +before: absent +B2C_1A_base\.xml:\d+$/m);
    assert.match(r.stdout, /^ {2}step 5 +ClaimsExchange +consumes +AzureActiveDirectoryStore-ReadUserByObjectId-ThrowIfNotExists \(InputClaim\) +before: available/m);
    assert.match(r.stdout, /^ {2}token +consumes +relying party OutputClaim$/m);
    assert.match(r.stdout, /^summary: available from step 3 \(SelfAsserted-LocalAccount-Login\), also produced by steps 4, 8; consumed by steps .*; sent in the token$/m);
  });

  it('needs a claim and a file, and refuses a file that is not a relying party', () => {
    const usage = cli(['flow', 'objectId'], WG);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /The flow command needs a claim and a relying-party file/);
    const base = cli(['flow', 'objectId', 'B2C_1A_base.xml', '.'], WG);
    assert.equal(base.status, 1);
    assert.match(base.stdout, /is not a relying party whose chain is complete/);
  });
});
