// Responsiveness over the real protocol: the first correct answer after start-up, answers after a burst of
// keystrokes in the largest file, and how soon unopened dependents' diagnostics follow an edit of their base.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspSession } from './lsp.mjs';
import { median } from './stats.mjs';

/** Offset -> LSP position (\n line breaks, as in the generated files). */
function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

const read = (file) => fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');

/**
 * A fresh server each run: from the initialize request to a non-empty definition for a reference in `file`,
 * sent right after `initialized` and didOpen. An empty answer counts as a miss (the time is then Infinity).
 */
export async function firstAnswer(serverJs, root, file, runs) {
  const text = read(file);
  const at = text.indexOf('ClaimTypeReferenceId="') + 'ClaimTypeReferenceId="'.length + 2;
  const times = [];
  const misses = [];
  for (let i = 0; i < runs; i++) {
    const session = new LspSession(serverJs, root);
    try {
      const started = performance.now();
      await session.begin();
      const uri = session.open(file, text);
      const links = await session.request('textDocument/definition', { textDocument: { uri }, position: positionAt(text, at) });
      const ms = performance.now() - started;
      if (Array.isArray(links) && links.length) times.push(ms);
      else { times.push(Infinity); misses.push(ms); }
      await session.indexed;
    } finally {
      await session.stop();
    }
  }
  return { ms: median(times), runs: times, misses: misses.length };
}

/**
 * `bursts` times: 20 one-character insertions sent at once into the open `file`, then a hover (and, in the
 * next burst, a completion) on a reference value; the time from the last keystroke to the answer.
 */
export async function burst(serverJs, root, file, bursts) {
  const session = new LspSession(serverJs, root);
  try {
    await session.start();
    const text = read(file);
    const uri = session.open(file, text);
    await session.settle([uri], 300, 120000);
    // Type at the end of the first ClaimsSchema; ask about the last reference of the file (after the typing, so its offset moves).
    const spot = positionAt(text, text.indexOf('<ClaimsSchema>') + '<ClaimsSchema>'.length);
    const ref = text.lastIndexOf('ClaimTypeReferenceId="') + 'ClaimTypeReferenceId="'.length + 1;
    const hover = [];
    const completion = [];
    let version = 1;
    for (let b = 0; b < bursts; b++) {
      for (let k = 0; k < 20; k++) {
        version++;
        const p = { line: spot.line, character: spot.character + k };
        session.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: p, end: p }, text: ' ' }] });
      }
      const sent = performance.now();
      const method = b % 2 === 0 ? 'textDocument/hover' : 'textDocument/completion';
      const answer = await session.request(method, { textDocument: { uri }, position: positionAt(text, ref) });
      (b % 2 === 0 ? hover : completion).push(performance.now() - sent);
      if (!answer) throw new Error(`${method} after a burst answered nothing`);
      // Undo the burst, and let the server settle before the next one.
      version++;
      session.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: spot, end: { line: spot.line, character: spot.character + 20 } }, text: '' }] });
      await session.settle([uri], 300, 120000);
    }
    return { hover: { p50: median(hover), max: Math.max(...hover) }, completion: { p50: median(completion), max: Math.max(...completion) }, bytes: Buffer.byteLength(text) };
  } finally {
    await session.stop();
  }
}

/**
 * The scenario base open, its leaves not: rename a definition the leaves use, and time until every leaf's
 * diagnostics show the broken reference (first leaf and all), then undo and time until they are clean.
 */
export async function dependentsRefresh(serverJs, root, folder, baseName, rounds) {
  const session = new LspSession(serverJs, root);
  try {
    await session.start();
    const basePath = path.join(folder, baseName);
    const text = read(basePath);
    const leaves = fs.readdirSync(folder).filter((n) => n.endsWith('.xml') && n !== baseName).map((n) => path.join(folder, n));
    const leafUris = leaves.map((l) => new URL(`file://${l}`).href);
    // A definition of the base that every leaf references.
    const ids = [...text.matchAll(/<(?:ClaimType|UserJourney|TechnicalProfile) Id="([^"]+)"/g)].map((m) => m[1]);
    const id = ids.find((candidate) => leaves.every((l) => read(l).includes(`"${candidate}"`)));
    if (!id) throw new Error('no definition of the base is used by every leaf');
    const at = text.indexOf(`Id="${id}"`) + 4 + id.length;
    const uri = session.open(basePath, text);
    await session.settle([uri], 500, 120000);
    const broken = (u) => (session.latest.get(u) ?? []).some((d) => d.message.includes(`'${id}'`));
    const first = [];
    const all = [];
    let version = 1;
    for (let r = 0; r < rounds; r++) {
      const breaking = r % 2 === 0;
      version++;
      const p = positionAt(text, at);
      const change = breaking ? { range: { start: p, end: p }, text: 'X' } : { range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: '' };
      const sent = performance.now();
      session.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const firstAt = await session.untilPublished(() => leafUris.some((u) => broken(u) === breaking));
      const allAt = await session.untilPublished(() => leafUris.every((u) => broken(u) === breaking));
      first.push(firstAt - sent);
      all.push(allAt - sent);
      await session.settle([uri], 300, 120000);
    }
    return { firstMs: median(first), allMs: median(all), leaves: leaves.length };
  } finally {
    await session.stop();
  }
}
