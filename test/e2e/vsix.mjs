// The packaged extension, installed as a user installs it: `npm run package`,
// then code-server --install-extension into a fresh extensions dir, then the
// workbench in headless Chromium opens a starter-pack policy from the Explorer.
// Passes when code-server lists the extension, its extension host log shows it
// activated, and a hover that only our language server can give is rendered.
// Run on its own (`node test/e2e/vsix.mjs`, after test/e2e/setup.sh) or from
// run.mjs, which counts it as one more test.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EXTENSION_ID, checkTools, codeServerCli, freePort, killGroup, launchChromium, packageVsix, prepareWorkspace, root, startCodeServer,
  waitFor, waitForHealth,
} from './codeserver.mjs';
import { gotoLine, hoverAtCursor, openFromExplorer, openWorkbench } from './workbench.mjs';

const PACK = 'SocialAndLocalAccounts';
const FILE = 'TrustFrameworkExtensions.xml';

/** Every file under dir whose name matches, recursively. */
function filesUnder(dir, pattern) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, pattern));
    else if (pattern.test(e.name)) out.push(p);
  }
  return out;
}

/** The extension-host log lines that mention the extension's activation. */
function activationLogLines(scratch) {
  return filesUnder(join(scratch, 'user-data', 'logs'), /exthost.*\.log$/)
    .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
    .filter((l) => l.includes(EXTENSION_ID) && /activat/i.test(l));
}

/**
 * Packages, installs and checks the extension. Returns { vsix, bytes, details };
 * throws with what went wrong. `log` prints progress lines.
 */
export async function checkVsix({ log = (m) => console.log(`[vsix] ${m}`), timeoutMs = 180_000 } = {}) {
  checkTools();
  const started = Date.now();
  const vsix = packageVsix();
  const bytes = statSync(vsix).size;
  log(`packaged ${vsix.slice(root.length + 1)}: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const scratch = mkdtempSync(join(tmpdir(), 'b2c-vsix-'));
  let child;
  let context;
  try {
    codeServerCli(scratch, ['--install-extension', vsix, '--force']);
    const listed = codeServerCli(scratch, ['--list-extensions', '--show-versions']);
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    if (!listed.split('\n').some((l) => l.trim() === `${EXTENSION_ID}@${version}`)) {
      throw new Error(`code-server does not list ${EXTENSION_ID}@${version} after installing; it lists:\n${listed}`);
    }
    log(`installed into a fresh extensions dir: ${EXTENSION_ID}@${version}`);
    const workspace = prepareWorkspace(scratch, [PACK]);
    const port = await freePort();
    child = startCodeServer(port, scratch);
    await waitForHealth(port, Date.now() + 60_000, child);
    context = await launchChromium(join(scratch, 'chromium'), { viewport: { width: 1200, height: 800 } });
    const page = context.pages()[0] ?? (await context.newPage());
    await openWorkbench(page, port, workspace);
    await openFromExplorer(page, PACK, FILE);
    // The hover on a Metadata key of Facebook-OAUTH, whose kind (OAuth 2.0) only our server works out.
    const text = readFileSync(join(workspace, PACK, FILE), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/);
    const line = lines.findIndex((l) => l.includes('<Item Key="client_id">facebook_clientid'));
    if (line < 0) throw new Error(`no client_id item in ${FILE}`);
    await gotoLine(page, line + 1, lines[line].indexOf('client_id') + 3);
    const hover = await hoverAtCursor(page, 'OAuth 2.0 metadata', Math.max(20_000, timeoutMs - (Date.now() - started)));
    log(`hover rendered: ${JSON.stringify(hover.split('\n')[0])}`);
    const activation = await waitFor('the activation in the extension host log', () => {
      const found = activationLogLines(scratch);
      return found.length ? found : undefined;
    }, 15_000);
    log(`extension host log: ${activation[activation.length - 1].replace(/^.*?\] /, '').trim()}`);
    return { vsix, bytes, hover };
  } catch (e) {
    const shot = join(root, '.e2e', 'vsix-failure.png');
    const page = context?.pages()[0];
    if (page) {
      mkdirSync(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      log('screenshot of the failure in .e2e/vsix-failure.png');
    }
    throw e;
  } finally {
    await context?.close().catch(() => undefined);
    killGroup(child);
    if (!process.env.E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
    else log(`scratch kept in ${scratch}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await checkVsix();
    console.log('1 passed, 0 failed');
  } catch (e) {
    console.log(`[vsix] ${e instanceof Error ? e.message : String(e)}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  }
}
