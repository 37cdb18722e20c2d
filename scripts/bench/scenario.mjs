// The request-latency scenario: Phone_Email_Base.xml (115 KB) open with the policies that extend it, then
// definition, references, completion, hover and diagnostics-after-edit, each timed over the real protocol.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspSession } from './lsp.mjs';
import { sample, summarise } from './stats.mjs';

const SCENARIO_FILE = 'Phone_Email_Base.xml';

/** Offset -> LSP position (UTF-16, \n line breaks as in these files). */
function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Positions `shift` characters after each of the first `limit` matches of `needle`. */
function positionsAfter(text, needle, shift, limit) {
  const out = [];
  for (let i = text.indexOf(needle); i >= 0 && out.length < limit; i = text.indexOf(needle, i + 1)) out.push(positionAt(text, i + needle.length + shift));
  return out;
}

function countItems(result) {
  if (!result) return 0;
  if (Array.isArray(result)) return result.length;
  if (Array.isArray(result.items)) return result.items.length;
  return 1;
}

function openScenario(session, folder) {
  const docs = {};
  for (const name of fs.readdirSync(folder).filter((n) => n.endsWith('.xml')).sort()) {
    const text = fs.readFileSync(path.join(folder, name), 'utf8').replace(/^\uFEFF/, '');
    docs[name] = { uri: session.open(path.join(folder, name), text), text };
  }
  return docs;
}

/** Like sample(), plus the server's main-thread CPU time per timed request and its total run-queue wait (ms). */
async function sampleWithSched(session, fn, n, warmup) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const before = session.schedstat();
  const result = await sample((i) => fn(warmup + i), n, 0);
  const after = session.schedstat();
  return { ...result, sched: { cpuPerRequest: (after.cpu - before.cpu) / 1e6 / n, runQueueWait: (after.wait - before.wait) / 1e6 } };
}

/** Times each request kind; returns { kind: { p50, p95, p99, items } }. */
async function timeRequests(session, doc, n, warmup) {
  const at = (positions) => (i) => ({ textDocument: { uri: doc.uri }, position: positions[i % positions.length] });
  const refValues = positionsAfter(doc.text, 'ClaimTypeReferenceId="', 2, 40);
  const claimIds = positionsAfter(doc.text, '<ClaimType Id="', 1, 20);
  const itemKeys = positionsAfter(doc.text, '<Item Key="', 0, 20);
  const refStarts = positionsAfter(doc.text, 'ClaimTypeReferenceId="', 0, 40);
  const kinds = {
    definition: ['textDocument/definition', at(refValues)],
    references: ['textDocument/references', (i) => ({ ...at(claimIds)(i), context: { includeDeclaration: true } })],
    'completion (Item Key)': ['textDocument/completion', at(itemKeys)],
    'completion (reference value)': ['textDocument/completion', at(refStarts)],
    hover: ['textDocument/hover', at(refValues)],
  };
  const out = {};
  for (const [name, [method, params]] of Object.entries(kinds)) {
    const { times, last, sched } = await sampleWithSched(session, (i) => session.request(method, params(i)), n, warmup);
    out[name] = { ...summarise(times), items: countItems(last), ...sched };
  }
  return out;
}

/** One-character edits (insert a space before a <ClaimType, then remove it), timed until that version's diagnostics arrive. */
async function timeEdits(session, doc, n, warmup) {
  const spot = positionAt(doc.text, doc.text.indexOf('<ClaimType Id="'));
  let version = 1;
  const edit = (i) => {
    version++;
    const insert = i % 2 === 0;
    const range = { start: spot, end: insert ? spot : { line: spot.line, character: spot.character + 1 } };
    return session.editAndWait(doc.uri, version, { range, text: insert ? ' ' : '' });
  };
  const { times, last, sched } = await sampleWithSched(session, edit, n, warmup);
  return { ...summarise(times), items: last.diagnostics.length, ...sched };
}

export async function runScenario(serverJs, root, scenarioFolder, { n, edits, warmup }) {
  const session = new LspSession(serverJs, root);
  try {
    const indexed = await session.start();
    const memoryAfterIndex = session.memory();
    // Time requests on a server that has finished its start-up work: the scan, then the diagnostics of every unopened file.
    const background = await Promise.race([session.background, new Promise((resolve) => setTimeout(() => resolve(undefined), 600_000))]);
    const docs = openScenario(session, scenarioFolder);
    const doc = docs[SCENARIO_FILE];
    await session.settle(Object.values(docs).map((d) => d.uri));
    const requests = await timeRequests(session, doc, n, warmup);
    requests['diagnostics after edit'] = await timeEdits(session, doc, edits, Math.min(warmup, 20));
    return { indexed, background, memoryAfterIndex, memoryAtEnd: session.memory(), requests, openFiles: Object.keys(docs).length };
  } finally {
    await session.stop();
  }
}
