/**
 * The standalone server in a real third-party LSP client: headless Neovim (Debian's 0.7) drives
 * `node dist/server.js --stdio` through ../shared/e2e/nvim-lsp-probe.lua. .ci/run installs neovim.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, SHARED, STARTERPACK } from '../helpers/paths';

describe('Neovim as the LSP client', () => {
  it('initializes, goes to a definition and shows our diagnostics', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-nvim-'));
    const file = path.join(STARTERPACK, 'SocialAndLocalAccounts', 'TrustFrameworkBase.xml');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('<InputClaim ClaimTypeReferenceId="email" TransformationClaimType="item" />'));
    const col = lines[line].indexOf('"email"') + 2;
    const out = path.join(scratch, 'out.json');
    const run = cp.spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${path.join(SHARED, 'e2e', 'nvim-lsp-probe.lua')}`], {
      env: {
        ...process.env, XDG_CACHE_HOME: scratch, XDG_STATE_HOME: scratch, LSP_OUT: out, LSP_FILE: file, LSP_DIAG_WAIT: '5000',
        LSP_CMD: JSON.stringify([process.execPath, path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio']),
        LSP_LINE: String(line), LSP_COL: String(col), LSP_DEF_LINE: String(line), LSP_DEF_COL: String(col),
      },
      timeout: 60_000, encoding: 'utf8',
    });
    assert.equal(run.error, undefined, 'nvim must be installed (.ci/run installs it)');
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(result.server_capabilities.definition, true);
    const target = result.definition.result[0];
    assert.match(target.targetUri, /\/SocialAndLocalAccounts\/TrustFrameworkBase\.xml$/);
    assert.equal(lines[target.targetSelectionRange.start.line].includes('<ClaimType Id="email"'), true);
    // The base spells surName/surname two ways: information hints only, never errors.
    assert.ok(result.diagnostics.length > 0);
    assert.ok(result.diagnostics.every((d: { severity: number; source: string }) => d.severity === 3 && d.source === 'b2c'));
  });
});
