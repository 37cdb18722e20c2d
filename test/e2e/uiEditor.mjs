// Screenshots of the definition CodeLens and the effective technical profile for the README, taken like ui.mjs
// takes its own (packaged extension installed in code-server, headless Chromium, the UI driven like a person):
// opens TrustFrameworkExtensions.xml, goes to a technical profile that the file overrides, waits for its lenses
// ("N references | overrides TrustFrameworkBase | Show effective"), then clicks "Show effective" and waits for the
// read-only merged profile with its sources. Writes docs/images/{codelens,effective}.png and fails when the screen
// does not show what it should.
//
// Run: npm run test:ui (after ui.mjs), or on its own: bash test/e2e/setup.sh && node test/e2e/uiEditor.mjs.
// Environment as for ui.mjs: E2E_CACHE, E2E_KEEP=1, E2E_DEBUG=1, UI_SHOTS=<folder>.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkTools, codeServerCli, freePort, killGroup, launchChromium, packageVsix, prepareWorkspace, root, startCodeServer, waitFor, waitForHealth,
} from './codeserver.mjs';
import { gotoLine, openFromExplorer, openWorkbench } from './workbench.mjs';

const PACK = 'SocialAndLocalAccounts';
const FILE = 'TrustFrameworkExtensions.xml';
const PROFILE = 'login-NonInteractive';
const shots = process.env.UI_SHOTS || join(root, 'docs', 'images');
const VIEWPORT = { width: 1200, height: 800 };

const results = [];
const log = (m) => console.log(`[ui-editor] ${m}`);

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

async function screenshot(page, name) {
  mkdirSync(shots, { recursive: true });
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${file.startsWith(root) ? file.slice(root.length + 1) : file} (${(statSync(file).size / 1024).toFixed(0)} KiB)`);
}

/** The texts of the CodeLens links on screen. */
async function lensTexts(page) {
  return page.locator('.monaco-editor .codelens-decoration a, .monaco-editor .codelens-decoration span').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
}

async function main() {
  checkTools();
  const started = Date.now();
  const vsix = packageVsix();
  const scratch = mkdtempSync(join(tmpdir(), 'b2c-ui-editor-'));
  let child;
  let context;
  try {
    codeServerCli(scratch, ['--install-extension', vsix, '--force']);
    const workspace = prepareWorkspace(scratch, [PACK]);
    const source = readFileSync(join(workspace, PACK, FILE), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const line = source.findIndex((l) => l.includes(`<TechnicalProfile Id="${PROFILE}">`)) + 1;
    check(line > 0, `${PROFILE} is in ${FILE}`);
    const port = await freePort();
    child = startCodeServer(port, scratch, { settings: { 'editor.minimap.enabled': false, 'workbench.tips.enabled': false, 'editor.stickyScroll.enabled': false, 'editor.wordWrap': 'on' } });
    await waitForHealth(port, Date.now() + 60_000, child);
    context = await launchChromium(join(scratch, 'chromium'), { viewport: VIEWPORT });
    const page = context.pages()[0] ?? (await context.newPage());

    await step(`open ${PACK}/${FILE} and see the lenses on ${PROFILE}`, async () => {
      await openWorkbench(page, port, workspace);
      await openFromExplorer(page, PACK, FILE);
      // Put the profile a few lines below the top, its Metadata and claims under it.
      await gotoLine(page, Math.min(source.length, line + 22), 1);
      await gotoLine(page, line + 1, 1);
      const lenses = await waitFor('the definition lenses', async () => {
        const t = await lensTexts(page);
        return t.some((x) => x.includes('overrides TrustFrameworkBase')) && t.some((x) => x.includes('Show effective')) ? t : undefined;
      }, 60_000, 500);
      log(`lenses: ${[...new Set(lenses.map((x) => x.trim()).filter(Boolean))].slice(0, 6).join(' | ')}`);
      check(lenses.some((x) => /^\d+ references?$/.test(x.trim())), 'a reference count is shown');
      await screenshot(page, 'codelens');
    });

    await step('click "Show effective": the merged profile, read-only, each part with its file and line', async () => {
      // The lens line just above the profile's start tag (Facebook-OAUTH above it has the same titles).
      const tag = await page.locator('.editor-instance .view-line', { hasText: `Id="${PROFILE}"` }).first().boundingBox();
      check(tag, `the start tag of ${PROFILE} is on screen`);
      const decorations = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Show effective' });
      let nearest;
      for (let i = 0; i < (await decorations.count()); i++) {
        const box = await decorations.nth(i).boundingBox();
        if (box && box.y < tag.y && (!nearest || box.y > nearest.y)) nearest = { y: box.y, i };
      }
      check(nearest, `a lens above ${PROFILE}`);
      await decorations.nth(nearest.i).locator('a', { hasText: 'Show effective' }).first().click();
      await page.locator('.tabs-container .tab.active[aria-label*="effective"]').first().waitFor({ timeout: 20_000 });
      const shown = await waitFor('the merged profile on screen', async () => {
        const t = (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
        return t.includes('TrustFrameworkExtensions.xml:') && t.includes('TrustFrameworkBase.xml:') ? t : undefined;
      }, 20_000);
      check(shown.includes(`<TechnicalProfile Id="${PROFILE}">`), 'the merged element is shown');
      await screenshot(page, 'effective');
    });
  } catch (e) {
    const counted = results.length > 0 && !results[results.length - 1];
    if (!counted) {
      console.log(`[ui-editor] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      results.push(false);
    }
    const page = context?.pages()[0];
    if (page) {
      mkdirSync(join(root, '.e2e'), { recursive: true });
      await page.screenshot({ path: join(root, '.e2e', 'ui-editor-failure.png') }).catch(() => undefined);
      log('screenshot of the failure in .e2e/ui-editor-failure.png');
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
