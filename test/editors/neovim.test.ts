/**
 * The standalone server in a real third-party LSP client: headless Neovim (Debian's 0.7) drives
 * `node dist/server.js --stdio`. Run by `npm run test:editors`, whose setup (test/editors/setup.sh)
 * installs neovim; a missing nvim fails here, it is never skipped.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, SHARED, STARTERPACK } from '../helpers/paths';

const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');
const SET = path.join(STARTERPACK, 'SocialAndLocalAccounts');
const BASE = path.join(SET, 'TrustFrameworkBase.xml');

/** The first ```lua block after the README heading that starts with `heading`. */
export function readmeBlock(heading: string, lang: string): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `README has no "${heading}"`);
  const block = new RegExp('```' + lang + '\\r?\\n([\\s\\S]*?)```').exec(readme.slice(at));
  assert.ok(block, `no ${lang} block after "${heading}"`);
  return block[1];
}

/** Where the starter-pack base reads `email` as an input claim, with the cursor inside the value. */
function emailReference(): { line: number; col: number; lines: string[] } {
  const lines = fs.readFileSync(BASE, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes('<InputClaim ClaimTypeReferenceId="email" TransformationClaimType="item" />'));
  return { line, col: lines[line].indexOf('"email"') + 2, lines };
}

function runNvim(args: string[], env: Record<string, string>, cwd: string): cp.SpawnSyncReturns<string> {
  const run = cp.spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', ...args], {
    cwd, env: { ...process.env, ...env }, timeout: 90_000, encoding: 'utf8',
  });
  assert.equal(run.error, undefined, 'nvim must be installed (npm run test:editors installs it)');
  return run;
}

function assertDefinitionAndDiagnostics(result: {
  definition: { targetUri: string; targetSelectionRange: { start: { line: number } } }[];
  diagnostics: { severity: number; source: string }[];
}, lines: string[]): void {
  const target = result.definition[0];
  assert.match(target.targetUri, /\/SocialAndLocalAccounts\/TrustFrameworkBase\.xml$/);
  assert.equal(lines[target.targetSelectionRange.start.line].includes('<ClaimType Id="email"'), true);
  // The base spells surName/surname two ways: information notes only, never errors.
  assert.ok(result.diagnostics.length > 0);
  assert.ok(result.diagnostics.every((d) => d.severity === 3 && d.source === 'b2c'));
}

describe('Neovim as the LSP client', () => {
  it('the shared probe: initializes, goes to a definition and shows our diagnostics', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-nvim-'));
    const { line, col, lines } = emailReference();
    const out = path.join(scratch, 'out.json');
    const run = runNvim(['-c', `luafile ${path.join(SHARED, 'e2e', 'nvim-lsp-probe.lua')}`], {
      XDG_CACHE_HOME: scratch, XDG_STATE_HOME: scratch, LSP_OUT: out, LSP_FILE: BASE, LSP_DIAG_WAIT: '5000',
      LSP_CMD: JSON.stringify([process.execPath, SERVER_JS, '--stdio']),
      LSP_LINE: String(line), LSP_COL: String(col), LSP_DEF_LINE: String(line), LSP_DEF_COL: String(col),
    }, scratch);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(result.server_capabilities.definition, true);
    assertDefinitionAndDiagnostics({ definition: result.definition.result, diagnostics: result.diagnostics }, lines);
  });

  it("the README's Neovim 0.7 recipe, copied as written, starts the server on an XML file", (t) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-nvim-readme-'));
    const recipe = readmeBlock('Neovim 0.7', 'lua');
    assert.match(recipe, /vim\.lsp\.start_client/);
    assert.match(recipe, /vim\.lsp\.buf_attach_client/);
    assert.doesNotMatch(recipe, /vim\.fs\.|vim\.lsp\.start\(/, 'the 0.7 recipe must not use 0.8 APIs');
    // Only the placeholder path changes; `node` is found on PATH as a user's would be.
    const init = path.join(scratch, 'init.lua');
    fs.writeFileSync(init, recipe.split('/path/to/dist/server.js').join(SERVER_JS));
    const { line, col, lines } = emailReference();
    const out = path.join(scratch, 'out.json');
    const run = runNvim(['-c', `luafile ${init}`, '-c', `luafile ${path.join(REPO_ROOT, 'test', 'editors', 'nvim-probe.lua')}`], {
      XDG_CACHE_HOME: scratch, XDG_STATE_HOME: scratch, LSP_OUT: out, LSP_FILE: BASE,
      LSP_LINE: String(line), LSP_COL: String(col), PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    }, SET);
    const result = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : { failure: run.stderr };
    assert.equal(result.failure, undefined, result.failure);
    assert.equal(run.status, 0, run.stderr);
    // Debian 12 ships 0.7.2, the oldest Neovim the recipe is for; setup.sh installs it when nvim is missing.
    t.diagnostic(`Neovim ${result.nvim}`);
    assert.equal(result.client_name, 'b2c-policy');
    assert.equal(result.root_dir, SET, 'the recipe roots the workspace at the folder Neovim was started in');
    assertDefinitionAndDiagnostics(result, lines);
  });
});
