// Drives the workbench like a person, with the packaged extension installed
// in code-server and headless Chromium: opens a policy from the Explorer,
// inserts the b2c-rest-basic snippet by typing its prefix, types `<Item Key="`
// in its Metadata and reads the suggestions, hovers a Metadata key, misspells
// a claim reference and looks at the squiggle and the Problems panel, and
// presses F12 on a ClaimTypeReferenceId, opens "Show journey" from the CodeLens
// and clicks (and presses Enter on) its steps, then runs "B2C: Inspect token" on a
// copied token. Writes the README's screenshots to
// docs/images/{completion,hover,diagnostic,journey,token}.png and fails when what the screen
// shows is not what it should be.
//
// Run: npm run test:ui   (setup.sh, then this script). Environment as for
// run.mjs: E2E_CACHE, E2E_KEEP=1, E2E_DEBUG=1; UI_SHOTS=<folder> writes the
// screenshots elsewhere.
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkTools, codeServerCli, freePort, killGroup, launchChromium, packageVsix, prepareWorkspace, root, startCodeServer, waitFor, waitForHealth,
} from './codeserver.mjs';
import { cursorPosition, focusEditor, gotoLine, hoverAtCursor, openFromExplorer, openWorkbench, problemCounts, suggestRows } from './workbench.mjs';

const PACK = 'SocialAndLocalAccounts';
const FILE = 'TrustFrameworkExtensions.xml';
const shots = process.env.UI_SHOTS || join(root, 'docs', 'images');
const VIEWPORT = { width: 1200, height: 800 };

const results = [];
function log(message) {
  console.log(`[ui] ${message}`);
}

async function step(title, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`  ✔ ${title} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push(false);
    console.log(`  ✘ ${title}\n    ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    throw e;
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** 1-based line number of the first line containing `needle` (after the first line containing `after`). */
function lineOf(text, needle, after) {
  const lines = text.split(/\r?\n/);
  const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
  check(from >= 0, `"${after}" is in the file`);
  const i = lines.findIndex((l, n) => n >= from && l.includes(needle));
  check(i >= 0, `"${needle}" is in the file`);
  return { line: i + 1, text: lines[i] };
}

/** Saves the active editor with Ctrl+S, as a person would, and returns the file's text from disk. */
async function saveAndRead(page, file) {
  await focusEditor(page);
  const dirty = page.locator('.tabs-container .tab.active.dirty');
  const wasDirty = (await dirty.count()) > 0;
  const before = statSync(file).mtimeMs;
  await page.keyboard.press('Control+S');
  if (wasDirty) {
    await waitFor('the editor to be saved', async () => (await dirty.count()) === 0 && statSync(file).mtimeMs !== before, 10_000, 100);
  }
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

async function screenshot(page, name) {
  mkdirSync(shots, { recursive: true });
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${file.startsWith(root) ? file.slice(root.length + 1) : file} (${(statSync(file).size / 1024).toFixed(0)} KiB)`);
}

/** A token with the starter pack relying party's claims, signed by a key made here (nothing checks it). */
function testToken() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const data = `${b64({ alg: 'RS256', kid: 'made-for-the-screenshot', typ: 'JWT' })}.${b64({
    iss: 'https://contoso.b2clogin.com/3f7c.../v2.0/', exp: now + 3600, nbf: now, iat: now, aud: '90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6',
    nonce: 'defaultNonce', ver: '1.0', tfp: 'B2C_1A_signup_signin', name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace',
    sub: '5b1e2c4a-0d0e-4b8e-9f55-8a5d2c1e9f10', idp: 'facebook.com', tid: '3f7c9a52-1d2b-4c3e-8f4a-6b7c8d9e0f1a',
  })}`;
  return `${data}.${sign('sha256', Buffer.from(data), privateKey).toString('base64url')}`;
}

async function main() {
  checkTools();
  const started = Date.now();
  const vsix = packageVsix();
  const scratch = mkdtempSync(join(tmpdir(), 'b2c-ui-'));
  let child;
  let context;
  try {
    codeServerCli(scratch, ['--install-extension', vsix, '--force']);
    const workspace = prepareWorkspace(scratch, [PACK]);
    const policy = join(workspace, PACK, FILE);
    const source = readFileSync(policy, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const base = readFileSync(join(workspace, PACK, 'TrustFrameworkBase.xml'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const port = await freePort();
    child = startCodeServer(port, scratch, {
      settings: { 'editor.minimap.enabled': false, 'workbench.tips.enabled': false, 'editor.hover.delay': 300 },
    });
    await waitForHealth(port, Date.now() + 60_000, child);
    context = await launchChromium(join(scratch, 'chromium'), { viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = context.pages()[0] ?? (await context.newPage());

    await step(`open ${PACK}/${FILE} from the Explorer`, async () => {
      await openWorkbench(page, port, workspace);
      await openFromExplorer(page, PACK, FILE);
    });

    // A new line inside <TechnicalProfiles> after login-NonInteractive's profile.
    const anchor = source.findIndex((l, i) => i > source.findIndex((x) => x.includes('Id="login-NonInteractive"')) && l.includes('</TechnicalProfile>'));
    check(anchor >= 0, 'login-NonInteractive ends in the file');

    await step('type b2c-rest-basic and accept the snippet from the suggestions', async () => {
      await gotoLine(page, anchor + 1, source[anchor].length + 1);
      await page.keyboard.press('Enter');
      await page.keyboard.type('b2c-rest-basic', { delay: 40 });
      const rows = await waitFor('the snippet among the suggestions', async () => {
        const r = await suggestRows(page).catch(() => []);
        if (!r.some((x) => x.includes('b2c-rest-basic'))) {
          await page.keyboard.press('Control+Space');
          return undefined;
        }
        return r;
      }, 20_000, 500);
      log(`suggestions: ${rows.slice(0, 3).join(' | ')}`);
      // Emmet offers an element of that name too: pick the snippet's row.
      await page.locator('.suggest-widget.visible .monaco-list-row[aria-label*="RESTful technical profile: Basic authentication"]').first().click();
      await waitFor('the snippet on screen', async () => (await page.locator('.editor-instance .view-lines').first().innerText()).includes('REST-BasicAuth'), 10_000);
      // Leave the snippet's tab stops with their defaults.
      await page.keyboard.press('Escape');
      await waitFor('the editor to show unsaved changes', async () => (await page.locator('.tabs-container .tab.active.dirty').count()) > 0, 10_000);
      const saved = await saveAndRead(page, policy);
      check(saved.includes('<TechnicalProfile Id="REST-BasicAuth">'), 'the RESTful profile is in the file');
      check(saved.includes('<Item Key="AuthenticationType">Basic</Item>'), 'with Basic authentication');
    });

    await step('type <Item Key=" in its Metadata and read the suggested RESTful keys', async () => {
      const { line, text } = lineOf(await saveAndRead(page, policy), '<Item Key="AllowInsecureAuthInProduction">', 'Id="REST-BasicAuth"');
      await gotoLine(page, line, text.length + 1);
      await page.keyboard.press('Enter');
      await page.keyboard.type('<Item Key="', { delay: 40 });
      const rows = await waitFor('RESTful keys in the suggest widget', async () => {
        const r = await suggestRows(page).catch(() => []);
        return r.some((x) => x.startsWith('ClaimUsedForRequestPayload')) ? r : undefined;
      }, 20_000, 300);
      log(`suggest rows: ${rows.map((r) => r.split(',')[0]).join(' | ')}`);
      // Keys near the top of the list: the widget shows about twelve rows, and the list grows as keys are documented.
      for (const key of ['ClaimUsedForRequestPayload', 'DebugMode', 'IncludeClaimResolvingInClaimsHandling']) {
        check(rows.some((r) => r.startsWith(key)), `${key} is suggested`);
      }
      check(!rows.some((r) => r.startsWith('ServiceUrl')), 'ServiceUrl, already set, is not suggested');
      // Show the description of the selected key beside the list, as Ctrl+Space does.
      await page.keyboard.press('Control+Space');
      await page.locator('.suggest-details-container .suggest-details, .suggest-widget .details').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
      await screenshot(page, 'completion');
      await page.keyboard.press('Escape');
      // Take the half-typed item out again: delete the line.
      await page.keyboard.press('Control+Shift+K');
      const saved = await saveAndRead(page, policy);
      check(!/^\s*<Item Key=""?\s*$/m.test(saved), 'the half-typed item is gone');
    });

    await step('hover a Metadata key and read the description', async () => {
      const { line, text } = lineOf(await saveAndRead(page, policy), '<Item Key="AuthenticationType">', 'Id="REST-BasicAuth"');
      await gotoLine(page, line, text.indexOf('AuthenticationType') + 5);
      const hover = await hoverAtCursor(page, 'RESTful metadata');
      log(`hover: ${hover.split('\n').slice(0, 2).join(' / ')}`);
      check(/Basic/.test(hover) && /ApiKeyHeader/.test(hover), 'the hover lists the authentication types');
      await screenshot(page, 'hover');
      await page.mouse.move(5, VIEWPORT.height - 5);
      await page.keyboard.press('Escape');
    });

    await step('misspell a ClaimTypeReferenceId: a squiggle, B101 in the Problems panel and on hover', async () => {
      const before = await problemCounts(page);
      const { line, text } = lineOf(await saveAndRead(page, policy), 'ClaimTypeReferenceId="resource_id"');
      const col = text.indexOf('resource_id') + 'resource_id'.length + 1;
      await gotoLine(page, line, col);
      await page.keyboard.type('x', { delay: 40 });
      await waitFor('an error squiggle', async () => (await page.locator('.monaco-editor .squiggly-error').count()) > 0, 20_000);
      const after = await waitFor('one more error in the status bar', async () => {
        const c = await problemCounts(page);
        return c.errors > before.errors ? c : undefined;
      }, 20_000);
      log(`status bar problems: ${after.label}`);
      await page.keyboard.press('Control+Shift+M');
      const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'resource_idx' }).first();
      await problem.waitFor({ timeout: 20_000 });
      const row = (await problem.getAttribute('aria-label')) ?? (await problem.innerText());
      log(`Problems panel: ${row}`);
      check(/B101/.test(row) || /B101/.test(await page.locator('.markers-panel').innerText()), 'the Problems panel shows B101');
      await focusEditor(page);
      await gotoLine(page, line, col - 3);
      const hover = await hoverAtCursor(page, 'resource_idx');
      log(`hover on the squiggle: ${hover.split('\n')[0]}`);
      await screenshot(page, 'diagnostic');
      await page.mouse.move(5, VIEWPORT.height - 5);
      await page.keyboard.press('Escape');
      // Put the claim right again.
      await gotoLine(page, line, col + 1);
      await page.keyboard.press('Backspace');
      await waitFor('the error count to go back', async () => (await problemCounts(page)).errors === before.errors, 20_000);
    });

    await step('F12 on a ClaimTypeReferenceId goes to the ClaimType in TrustFrameworkBase.xml', async () => {
      const { line, text } = lineOf(await saveAndRead(page, policy), 'ClaimTypeReferenceId="client_id"');
      await gotoLine(page, line, text.indexOf('client_id') + 3);
      await page.keyboard.press('F12');
      const target = base.findIndex((l) => l.includes('<ClaimType Id="client_id"'));
      await page.locator('.tabs-container .tab.active[aria-label^="TrustFrameworkBase.xml"]').first().waitFor({ timeout: 20_000 });
      const at = await waitFor('the cursor on the definition', async () => {
        const p = await cursorPosition(page);
        return p.startsWith(`${target + 1}:`) ? p : undefined;
      }, 10_000);
      log(`#status.editor.selection after F12: Ln ${at.replace(':', ', Col ')} in TrustFrameworkBase.xml (ClaimType client_id is on line ${target + 1})`);
    });

    await step('Show journey from the CodeLens on SignUpOrSignin.xml: the merged journey beside it; a click and Enter reveal steps', async () => {
      await openFromExplorer(page, PACK, 'SignUpOrSignin.xml');
      // The previous step left the Problems panel open: give the view the whole height (Ctrl+J toggles the panel).
      if (await page.locator('.part.panel').isVisible()) {
        await page.keyboard.press('Control+J');
        await waitFor('the panel to close', async () => !(await page.locator('.part.panel').isVisible()), 10_000);
      }
      // The view opens beside the policy: hide the side bar (Ctrl+B) to give both room.
      await focusEditor(page);
      await page.keyboard.press('Control+B');
      const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Show journey' }).first();
      await lens.waitFor({ timeout: 30_000 });
      await lens.click();
      // A webview is an iframe whose page sits in a nested #active-frame.
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const step2 = view.locator('button[data-key="step-2"]');
      await step2.waitFor({ timeout: 30_000 });
      const steps = await view.locator('main > ol.steps > li.step').count();
      const orders = base.slice(base.findIndex((l) => l.includes('<UserJourney Id="SignUpOrSignIn">')), base.findIndex((l, n) => n > base.findIndex((x) => x.includes('<UserJourney Id="SignUpOrSignIn">')) && l.includes('</UserJourney>')))
        .filter((l) => l.includes('<OrchestrationStep ')).length;
      check(steps === orders, `the view draws the journey's ${orders} steps (drew ${steps})`);
      log(`journey view: ${steps} steps, first: ${(await view.locator('li.step .head').first().innerText()).replace(/\s+/g, ' ')}`);
      await screenshot(page, 'journey');
      const journeyLine = base.findIndex((l) => l.includes('<UserJourney Id="SignUpOrSignIn">'));
      const lineOfStep = (n) => base.findIndex((l, i) => i > journeyLine && l.includes(`<OrchestrationStep Order="${n}"`)) + 1;
      await step2.click();
      await page.locator('.tabs-container .tab.active[aria-label^="TrustFrameworkBase.xml"]').first().waitFor({ timeout: 20_000 });
      const at = await waitFor('the cursor on step 2', async () => {
        const p = await cursorPosition(page);
        return p.startsWith(`${lineOfStep(2)}:`) ? p : undefined;
      }, 10_000);
      log(`after a click on Step 2: Ln ${at.replace(':', ', Col ')} in TrustFrameworkBase.xml (step 2 is on line ${lineOfStep(2)})`);
      // Keyboard: focus Step 3 in the view and press Enter.
      const step3 = view.locator('button[data-key="step-3"]');
      await step3.focus();
      await page.keyboard.press('Enter');
      await waitFor('the cursor on step 3', async () => ((await cursorPosition(page)).startsWith(`${lineOfStep(3)}:`) ? true : undefined), 10_000);
      await page.keyboard.press('Control+B');
      await page.keyboard.press('F1');
      await page.keyboard.type('View: Close All Editors', { delay: 20 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Close All Editors' }).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
    });

    await step('B2C: Inspect token on a copied token: a read-only report mapping each claim to its OutputClaim', async () => {
      await openFromExplorer(page, PACK, 'SignUpOrSignin.xml');
      // The previous step left the Problems panel open: give the report the whole height (Ctrl+J toggles the panel).
      if (await page.locator('.part.panel').isVisible()) {
        await page.keyboard.press('Control+J');
        await waitFor('the panel to close', async () => !(await page.locator('.part.panel').isVisible()), 10_000);
      }
      await page.evaluate((t) => navigator.clipboard.writeText(t), testToken());
      await page.keyboard.press('F1');
      await page.keyboard.type('B2C: Inspect token', { delay: 30 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Inspect token' }).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active[aria-label*="Token 1.txt"]').first().waitFor({ timeout: 20_000 });
      const shown = await waitFor('the mapped claims on screen', async () => {
        // Monaco renders spaces as no-break spaces.
        const t = (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
        return t.includes('<- OutputClaim') ? t : undefined;
      }, 20_000);
      check(/Signature: NOT CHECKED/.test(shown), 'the report says the signature was not checked');
      await screenshot(page, 'token');
    });
  } catch (e) {
    // A failed step has printed and counted itself; anything else is counted here.
    const counted = results.length > 0 && !results[results.length - 1];
    if (!counted) {
      console.log(`[ui] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      results.push(false);
    }
    const page = context?.pages()[0];
    if (page) {
      mkdirSync(join(root, '.e2e'), { recursive: true });
      await page.screenshot({ path: join(root, '.e2e', 'ui-failure.png') }).catch(() => undefined);
      log('screenshot of the failure in .e2e/ui-failure.png');
    }
  } finally {
    await context?.close().catch(() => undefined);
    killGroup(child);
    if (!process.env.E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
    else log(`scratch kept in ${scratch}`);
  }
  const passed = results.filter(Boolean).length;
  const failed = results.length - passed;
  log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
