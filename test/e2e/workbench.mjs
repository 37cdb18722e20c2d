// Driving the code-server workbench in Chromium like a person: open a file
// from the Explorer, go to a line with Ctrl+G, type, hover, read what the
// workbench renders. Used by vsix.mjs and ui.mjs.
import { waitFor } from './codeserver.mjs';

/** Opens the workbench on a folder and waits until the Explorer lists it. */
export async function openWorkbench(page, port, folder, timeoutMs = 90_000) {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs });
}

/** Clicks through Explorer rows (folders, then the file) and waits for the file's editor tab. */
export async function openFromExplorer(page, ...names) {
  for (const [i, name] of names.entries()) {
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first();
    await row.waitFor({ timeout: 30_000 });
    const last = i === names.length - 1;
    if (!last) {
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await waitFor(`${name} to expand`, async () => (await row.getAttribute('aria-expanded')) === 'true', 10_000);
    } else {
      await row.dblclick();
    }
  }
  const file = names[names.length - 1];
  await page.locator(`.tabs-container .tab[aria-label^="${file}"]`).first().waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
}

/** Ctrl+G to line:column (1-based), as a person would, and waits for the cursor to be there. */
export async function gotoLine(page, line, column = 1) {
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // The Go to Line box starts with ':'; what follows is line:column.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await waitFor(`the cursor at ${line}:${column}`, async () => (await cursorPosition(page)) === `${line}:${column}`, 10_000);
}

export async function focusEditor(page) {
  // Focus the text area of the active editor without moving the cursor.
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
}

/** "Ln 12, Col 5" from the status bar as "12:5". */
export async function cursorPosition(page) {
  const text = (await page.locator('#status\\.editor\\.selection').first().textContent({ timeout: 5_000 })) ?? '';
  const m = /Ln (\d+), Col (\d+)/.exec(text);
  return m ? `${m[1]}:${m[2]}` : text.trim();
}

/** The aria-labels of the rows of the visible suggest widget, once it has some. */
export async function suggestRows(page, timeoutMs = 20_000) {
  const rows = page.locator('.suggest-widget.visible .monaco-list-row');
  await waitFor('the suggest widget', async () => (await rows.count()) > 0, timeoutMs);
  return rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/** Moves the mouse over the text cursor (put there with gotoLine first) and returns the hover's text once it holds `expect`. */
export async function hoverAtCursor(page, expect, timeoutMs = 30_000) {
  const box = await page.locator('.editor-instance .monaco-editor .cursors-layer .cursor').first().boundingBox();
  if (!box) throw new Error('no text cursor on screen');
  const x = box.x + 4;
  const y = box.y + box.height / 2;
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
  let moves = 0;
  let movedAt = 0;
  return waitFor(`a hover with ${expect}`, async () => {
    const visible = await hover.isVisible();
    // A hover takes the hover delay plus the server's answer: under load that can be
    // seconds, and moving the mouse again would start it over. So move again only
    // after a while, and on every third try ask for it with the keyboard (Ctrl+K Ctrl+I).
    if (!visible && Date.now() - movedAt > 3_000) {
      moves++;
      if (moves % 3 === 0) {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
      } else {
        await page.mouse.move(x + 20, y + 40);
        await page.mouse.move(x, y, { steps: 4 });
      }
      movedAt = Date.now();
    }
    const text = visible ? ((await hover.innerText()) ?? '') : '';
    return text.includes(expect) ? text : undefined;
  }, timeoutMs, 200);
}

/** The number of errors and warnings the status bar shows, as { errors, warnings }. */
export async function problemCounts(page) {
  const label = (await page.locator('#status\\.problems a, #status\\.problems').first().getAttribute('aria-label')) ?? '';
  // "Errors: 2, Warnings: 1" (older workbenches: "2 errors, 1 warning"; "No Problems").
  const n = (word) => Number(new RegExp(`${word}s?: (\\d+)|(\\d+) ${word}s?`, 'i').exec(label)?.slice(1).find(Boolean) ?? 0);
  return { errors: n('error'), warnings: n('warning'), label };
}
