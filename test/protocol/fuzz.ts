/**
 * Protocol fuzzing: every starter-pack file is opened in one server and damaged by random incremental edits
 * (deleted ranges, stray markup characters, random tags and attributes, truncation, duplicated blocks, BOM and
 * line-end swaps, non-BMP characters and lone surrogate halves), and the shapes of issue 16 (whole elements deleted
 * or duplicated, pasted blocks, typing one character per change, CRLF/LF mixes, unclosed comments and CDATA,
 * dropped quotes, NUL and forbidden characters, quick fixes applied to broken text). After every edit the fuzzer asks for completion,
 * hover, definition, references and document symbols at random positions and waits for the diagnostics of that
 * version, checking each answer's shape and that every range lies inside the document it names.
 *
 * The run is reproducible from its seed. This module has no side effects: `fuzz.test.ts` runs a short run,
 * `scripts/fuzz.mjs` a long one (`--long`, `--edits N`, `--seed N`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { decodeBytes, findXmlFiles } from '../../server/src/node/files';
import { LspClient, Published, start } from '../helpers/lspClient';
import { STARTERPACK } from '../helpers/paths';
import { Checker, TextShape, shapeOf } from '../helpers/lspShapes';

export interface FuzzOptions {
  readonly edits: number;
  readonly seed: number;
  /** Longest acceptable request round trip. */
  readonly maxLatencyMs?: number;
  /** Documents kept open at once (edits go to one of them at random). */
  readonly openAtOnce?: number;
  readonly log?: (line: string) => void;
}

export interface FuzzReport {
  readonly seed: number;
  readonly edits: number;
  readonly files: number;
  readonly requests: Record<string, number>;
  readonly maxLatencyMs: number;
  readonly maxLatencyMethod: string;
  readonly diagnosticsSets: number;
  readonly elapsedMs: number;
  /** Everything that went wrong; empty for a pass. */
  readonly failures: string[];
}

/** sfc32, seeded through splitmix32: small, fast and the same on every platform. */
export class Random {
  private a: number; private b: number; private c: number; private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

const ELEMENTS = ['TechnicalProfile', 'Item', 'Metadata', 'ClaimType', 'InputClaim', 'OutputClaim', 'OrchestrationStep', 'ClaimsExchange',
  'BasePolicy', 'PolicyId', 'Key', 'CryptographicKeys', 'ValidationTechnicalProfile', 'IncludeTechnicalProfile', 'ClaimsProvider',
  'DisplayName', 'Protocol', 'UserJourney', 'TrustFrameworkPolicy', 'x:y', 'a'];
const ATTRIBUTES = ['Id', 'ReferenceId', 'ClaimTypeReferenceId', 'Key', 'TechnicalProfileReferenceId', 'StorageReferenceId', 'Order',
  'Type', 'PolicyId', 'Name', 'Handler', 'DefaultValue', 'PartnerClaimType', 'xmlns', 'Id'];
const CHARS = ['<', '>', '"', "'", '&', '/>', '</', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '<!DOCTYPE x [', '&amp;', '&lol;', '&#x1F600;', '=', ' '];
const EXOTIC = ['\u{1F600}', '\u{1D4B3}', '\uD83D', '\uDE00', '\uFEFF', '\u2028', '\u0085', '\r', '\r\n', '\n', '\t', '\u0000', 'é'];

interface Edit {
  readonly description: string;
  readonly changes: TextDocumentContentChangeEvent[];
}

/** The open document the fuzzer edits, mirrored with TextDocument.update exactly as the server should. */
interface Mirror {
  readonly uri: string;
  readonly original: string;
  doc: TextDocument;
  /** Line shapes by version, for checking diagnostics published for a recent version. */
  readonly shapes: Map<number, TextShape>;
}

/** Builds a random edit against the current text. */
export function randomEdit(rnd: Random, doc: TextDocument, original: string): Edit {
  const text = doc.getText();
  const len = text.length;
  const at = () => rnd.int(len + 1);
  const pos = (o: number) => doc.positionAt(o);
  const insert = (o: number, s: string, what: string): Edit => ({ description: `${what} ${JSON.stringify(s.slice(0, 40))} at ${o}`, changes: [{ range: { start: pos(o), end: pos(o) }, text: s }] });
  const replace = (s: number, e: number, t: string, what: string): Edit => ({ description: `${what} [${s},${e})`, changes: [{ range: { start: pos(s), end: pos(e) }, text: t }] });
  const kind = rnd.int(100);
  if (len > 400_000 && kind < 60) return replace(0, len, original, 'restore (too long)');
  if (rnd.chance(0.3)) return shapedEdit(rnd, doc, original);
  if (kind < 18) {
    const s = at();
    const e = Math.min(len, s + (rnd.chance(0.8) ? rnd.int(40) + 1 : rnd.int(3000) + 1));
    return replace(s, e, '', 'delete');
  }
  if (kind < 36) return insert(at(), rnd.pick(CHARS), 'insert');
  if (kind < 46) {
    const name = rnd.pick(ELEMENTS);
    const attr = rnd.chance(0.6) ? ` ${rnd.pick(ATTRIBUTES)}="${randomValue(rnd, text)}"` : '';
    const tag = rnd.pick([`<${name}${attr}>`, `</${name}>`, `<${name}${attr}/>`, `<${name}${attr}>${randomValue(rnd, text)}</${name}>`, `<${name}`]);
    return insert(at(), tag, 'tag');
  }
  if (kind < 54) return insert(at(), ` ${rnd.pick(ATTRIBUTES)}=${rnd.pick(['"', "'", ''])}${randomValue(rnd, text)}${rnd.pick(['"', "'", ''])}`, 'attribute');
  if (kind < 62) {
    // Replace an existing Id-like value, so references break, change case or start resolving elsewhere.
    const m = /(?:Id|ReferenceId|PolicyId)="([^"]*)"/g;
    const found: Array<[number, number]> = [];
    for (let r = m.exec(text); r && found.length < 2000; r = m.exec(text)) found.push([r.index + r[0].length - 1 - r[1].length, r.index + r[0].length - 1]);
    if (found.length) {
      const [s, e] = rnd.pick(found);
      return replace(s, e, rnd.chance(0.5) ? randomValue(rnd, text) : text.slice(s, e).toUpperCase(), 'rename value');
    }
    return insert(at(), randomValue(rnd, text), 'value');
  }
  if (kind < 65) return replace(at(), len, '', 'truncate');
  if (kind < 72) {
    const s = at();
    const e = Math.min(len, s + rnd.int(4000));
    return insert(at(), text.slice(s, e), 'duplicate');
  }
  if (kind < 75) {
    return text.charCodeAt(0) === 0xfeff ? replace(0, 1, '', 'remove BOM') : insert(0, '\uFEFF', 'add BOM');
  }
  if (kind < 78) {
    const crlf = text.includes('\r\n');
    return { description: crlf ? 'to LF (full text)' : 'to CRLF (full text)', changes: [{ text: crlf ? text.replace(/\r\n/g, '\n') : text.replace(/\r?\n/g, '\r\n') }] };
  }
  if (kind < 88) return insert(at(), rnd.pick(EXOTIC), 'exotic');
  if (kind < 93) {
    // Several changes in one notification, applied in order as the protocol says.
    const changes: TextDocumentContentChangeEvent[] = [];
    let scratch = TextDocument.create(doc.uri, 'xml', 0, text);
    const n = 2 + rnd.int(3);
    for (let i = 0; i < n; i++) {
      const sub = randomEdit(rnd, scratch, original).changes;
      changes.push(...sub);
      scratch = TextDocument.update(scratch, sub, i + 1);
    }
    return { description: `${changes.length} changes in one event`, changes };
  }
  if (kind < 96) return replace(0, len, original, 'restore');
  // Insert inside a surrogate pair when there is one, else anywhere.
  const pair = text.search(/[\uD800-\uDBFF][\uDC00-\uDFFF]/);
  return insert(pair >= 0 ? pair + 1 : at(), rnd.pick(['x', '<', '\uD83D', '']), 'split pair');
}

/** Well-formed blocks a user pastes: whole elements, a comment, CDATA. */
const BLOCKS = [
  '<ClaimType Id="pasted"><DisplayName>Pasted &amp; kept</DisplayName><DataType>string</DataType></ClaimType>',
  '<TechnicalProfile Id="Pasted-TP"><DisplayName>x</DisplayName><Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" /><Metadata><Item Key="ServiceUrl">https://example.invalid/api?code=abc</Item><Item Key="AuthenticationType">None</Item></Metadata></TechnicalProfile>',
  '<OutputClaim ClaimTypeReferenceId="email" />',
  '<!-- pasted\r\n comment -->',
  '<![CDATA[ <not> & markup ]]>',
];

/**
 * The edit shapes of issue 16, which found nothing and must keep finding nothing: whole elements deleted or
 * duplicated, pasted blocks, typing one character per change, CRLF/LF mixes, unclosed comments and CDATA,
 * dropped quotes, NUL and lone surrogates.
 */
function shapedEdit(rnd: Random, doc: TextDocument, original: string): Edit {
  const text = doc.getText();
  const pos = (o: number) => doc.positionAt(o);
  const at = () => rnd.int(text.length + 1);
  const replace = (s: number, e: number, t: string, what: string): Edit => ({ description: `${what} [${s},${e}) ${JSON.stringify(t.slice(0, 40))}`, changes: [{ range: { start: pos(s), end: pos(e) }, text: t }] });
  const element = (): [number, number] | undefined => {
    const re = /<([A-Za-z][\w:.-]*)\b[^<>]*?(?:\/>|>[^<]*<\/\1>)/g;
    re.lastIndex = rnd.int(Math.max(1, text.length));
    const m = re.exec(text) ?? (re.lastIndex = 0, re.exec(text));
    return m ? [m.index, m.index + m[0].length] : undefined;
  };
  switch (rnd.int(9)) {
    case 0: { const el = element(); return el ? replace(el[0], el[1], '', 'delete element') : replace(0, 0, '', 'no-op'); }
    case 1: { const el = element(); return el ? replace(el[1], el[1], text.slice(el[0], el[1]), 'duplicate element') : replace(0, 0, '', 'no-op'); }
    case 2: { const o = at(); return replace(o, o, rnd.pick(BLOCKS), 'paste block'); }
    case 3: {
      // Typing: one character per change, each at the position the previous one left.
      const word = rnd.pick(['<OutputClaim ClaimTypeReferenceId="em', '<Item Key="Serv', '</TechnicalProfile>', '&amp', '"\r\n  <']);
      const start = at();
      const changes: TextDocumentContentChangeEvent[] = [];
      // A copy: TextDocument.update changes the document it is given.
      let scratch = TextDocument.create(doc.uri, 'xml', 0, text);
      for (let i = 0; i < word.length; i++) {
        const change = { range: { start: scratch.positionAt(start + i), end: scratch.positionAt(start + i) }, text: word[i] };
        changes.push(change);
        scratch = TextDocument.update(scratch, [change], i + 1);
      }
      return { description: `type ${JSON.stringify(word)} at ${start}, one character per change`, changes };
    }
    case 4: {
      // A line end of the other kind, or a lone CR, in the middle of the file.
      const nl = text.indexOf('\n', at());
      const o = nl >= 0 ? nl : at();
      return replace(o, Math.min(text.length, o + (text[o] === '\n' ? 1 : 0)), rnd.pick(['\r\n', '\n', '\r', '\r\r\n', '\n\r']), 'line-end mix');
    }
    case 5: { const o = at(); return replace(o, o, rnd.pick(['<!-- unclosed', '<![CDATA[ unclosed', '<!-- a -- b -->', ']]>', '<!--']), 'unclosed'); }
    case 6: {
      // Drop one quote of an attribute value.
      const q = text.indexOf('"', at());
      return q >= 0 ? replace(q, q + 1, '', 'drop quote') : replace(0, 0, '', 'no-op');
    }
    case 7: { const o = at(); return replace(o, o, rnd.pick(['\u0000', '\uD800', '\uDFFF', '\uFFFE', '&#x1;', '&#0;', '\u0001']), 'forbidden character'); }
    default: return replace(0, text.length, original.replace(/\r?\n/g, rnd.chance(0.5) ? '\r\n' : '\n'), 'restore with other line ends');
  }
}

function randomValue(rnd: Random, text: string): string {
  const r = rnd.int(10);
  if (r < 5) {
    // An Id from the text, so the edit creates real references and definitions.
    const s = rnd.int(Math.max(1, text.length - 200));
    const m = /Id="([^"<&]{1,60})"/.exec(text.slice(s, s + 2000));
    if (m) return m[1];
  }
  if (r < 7) return rnd.pick(['', 'x', 'email', 'AAD-Common', 'B2C_1A_TrustFrameworkBase', 'SelfAsserted-LocalAccountSignin-Email']);
  if (r < 8) return '<yourtenant>';
  return rnd.pick(EXOTIC) + rnd.pick(CHARS);
}

/** A random position: usually valid, sometimes past the end of a line or of the document, or inside a surrogate pair. */
function randomPosition(rnd: Random, doc: TextDocument): Position {
  const r = rnd.int(100);
  if (r < 3) return { line: doc.lineCount + rnd.int(3), character: rnd.int(5) };
  if (r < 6) return { line: rnd.int(doc.lineCount), character: 10_000 };
  const text = doc.getText();
  if (r < 30) {
    // On an attribute value or element text, where the features have something to say.
    const s = rnd.int(text.length + 1);
    const q = text.indexOf('"', s);
    if (q >= 0) return doc.positionAt(q + 1 + rnd.int(4));
  }
  return doc.positionAt(rnd.int(text.length + 1));
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const rnd = new Random(options.seed);
  const maxLatency = options.maxLatencyMs ?? 500;
  const failures: string[] = [];
  const fail = (message: string) => { if (failures.length < 50) failures.push(message); };
  const paths = findXmlFiles([STARTERPACK]).sort();
  const uriOf = (p: string) => URI.file(p).toString();
  const disk = new Map<string, string>(paths.map((p) => [uriOf(p), decodeBytes(fs.readFileSync(p)).text]));
  const mirrors = new Map<string, Mirror>();
  /** The text the server should have for any URI: the open buffer, else the disk. */
  const shapeFor = (uri: string): TextShape | undefined => {
    const m = mirrors.get(uri);
    if (m) return m.shapes.get(m.doc.version);
    const t = disk.get(uri);
    return t === undefined ? undefined : shapeOf(t);
  };
  const diskShapes = new Map<string, TextShape>();
  const checker = new Checker((uri) => {
    if (mirrors.has(uri)) return shapeFor(uri);
    let s = diskShapes.get(uri);
    if (!s && disk.has(uri)) diskShapes.set(uri, s = shapeOf(disk.get(uri)!));
    return s;
  });

  const client = start({ rootPath: STARTERPACK, requestTimeoutMs: 10_000 });
  let publishedSeen = 0;
  let diagnosticsSets = 0;
  const recent: string[] = [];
  try {
    const init = await client.initialize();
    await client.indexed();
    const caps = init.capabilities;
    const methods = [
      caps.completionProvider && 'textDocument/completion',
      caps.hoverProvider && 'textDocument/hover',
      caps.definitionProvider && 'textDocument/definition',
      caps.referencesProvider && 'textDocument/references',
      caps.documentSymbolProvider && 'textDocument/documentSymbol',
    ].filter((m): m is string => !!m);
    if (methods.length < 5) log(`The server does not advertise every feature; fuzzing only ${methods.join(', ')}.`);

    const openAtOnce = options.openAtOnce ?? 3;
    let nextFile = 0;
    const openNext = () => {
      const p = paths[nextFile++ % paths.length];
      const uri = uriOf(p);
      if (mirrors.has(uri)) return;
      const text = disk.get(uri)!;
      const doc = TextDocument.create(uri, 'xml', 1, text);
      mirrors.set(uri, { uri, original: text, doc, shapes: new Map([[1, shapeOf(text)]]) });
      client.open(uri, text, 1);
    };
    const closeOne = (uri: string) => {
      mirrors.delete(uri);
      client.close(uri);
    };
    for (let i = 0; i < openAtOnce; i++) openNext();
    const perFile = Math.max(5, Math.ceil(options.edits / paths.length));
    let editsOnCurrent = 0;

    for (let step = 0; step < options.edits; step++) {
      if (editsOnCurrent >= perFile) {
        // Rotate: close the oldest open document and open the next file, so every file gets its share.
        closeOne(mirrors.keys().next().value!);
        openNext();
        editsOnCurrent = 0;
      }
      editsOnCurrent++;
      const m = rnd.pick([...mirrors.values()]);
      const edit = randomEdit(rnd, m.doc, m.original);
      const version = m.doc.version + 1;
      m.doc = TextDocument.update(m.doc, edit.changes, version);
      m.shapes.set(version, shapeOf(m.doc.getText()));
      for (const v of m.shapes.keys()) if (v < version - 20) m.shapes.delete(v);
      client.change(m.uri, edit.changes, version);
      const where = `seed ${options.seed} step ${step} ${path.relative(STARTERPACK, URI.parse(m.uri).fsPath)} v${version}`;
      recent.push(`${where}: ${edit.description}`);
      if (recent.length > 8) recent.shift();

      const requests = methods.map(async (method) => {
        const position = randomPosition(rnd, m.doc);
        const params = method === 'textDocument/documentSymbol' ? { textDocument: { uri: m.uri } }
          : method === 'textDocument/references' ? { textDocument: { uri: m.uri }, position, context: { includeDeclaration: rnd.chance(0.5) } }
          : { textDocument: { uri: m.uri }, position };
        const t0 = performance.now();
        try {
          const result = await client.request(method, params);
          const ms = performance.now() - t0;
          if (ms > maxLatency) fail(`${where}: ${method} took ${ms.toFixed(0)} ms`);
          for (const problem of checker.response(method, result, m.uri, position)) fail(`${where}: ${method} at ${position.line}:${position.character}: ${problem}`);
        } catch (e) {
          fail(`${where}: ${method} at ${position.line}:${position.character} failed: ${(e as Error).message}`);
        }
      });
      await Promise.all(requests);
      try {
        const diagnostics = await client.diagnostics(m.uri, version, 5000);
        diagnosticsSets++;
        for (const problem of checker.diagnostics(diagnostics, m.shapes.get(version))) {
          const i = Number(/^\[(\d+)\]/.exec(problem)?.[1]);
          const d = diagnostics[i];
          fail(`${where}: diagnostics: ${problem}${d ? ` (${d.code} ${(typeof d.message === 'string' ? d.message : d.message.value).slice(0, 120)})` : ''}`);
        }
      } catch (e) {
        fail(`${where}: ${(e as Error).message}`);
      }
      if (caps.codeActionProvider && rnd.chance(0.15)) {
        const applied = await applyQuickFix(client, m, rnd, where, disk, fail);
        if (applied) recent.push(`${where}: ${applied}`);
      }
      publishedSeen = checkPublished(client.published, publishedSeen, mirrors, checker, fail);
      if (!client.alive) { fail(`${where}: the server exited (code ${client.exitCode})`); break; }
      const errors = client.failures();
      if (errors.length) { fail(`${where}: the server logged: ${errors[0].message.split('\n').slice(0, 4).join(' | ')}`); break; }
      if (failures.length) break;
      if (step % 1000 === 999) log(`${step + 1} edits, ${Date.now() - started} ms`);
    }
    if (failures.length) {
      failures.push('Last edits:', ...recent);
      // The texts of the open documents at the failure, to reproduce it without replaying the run.
      for (const m of mirrors.values()) {
        const file = path.join(os.tmpdir(), `b2c-fuzz-${options.seed}-${path.basename(URI.parse(m.uri).fsPath, '.xml')}-v${m.doc.version}.xml`);
        fs.writeFileSync(file, m.doc.getText());
        failures.push(`text saved: ${file}`);
      }
    }
    const stats = [...client.stats.entries()].filter(([k]) => k.startsWith('textDocument/'));
    const worst = stats.reduce<[string, number]>((w, [k, s]) => (s.maxMs > w[1] ? [k, s.maxMs] : w), ['', 0]);
    return {
      seed: options.seed,
      edits: Math.min(options.edits, diagnosticsSets),
      files: Math.min(nextFile, paths.length),
      requests: Object.fromEntries(stats.map(([k, s]) => [k.replace('textDocument/', ''), s.count])),
      maxLatencyMs: Math.round(worst[1]),
      maxLatencyMethod: worst[0],
      diagnosticsSets,
      elapsedMs: Date.now() - started,
      failures,
    };
  } finally {
    await client.shutdown();
    if (client.stderr.trim()) failures.push(`stderr: ${client.stderr.slice(0, 500)}`);
  }
}

/**
 * Quick fixes applied to broken text: asks for the code actions of the latest diagnostics, checks that every edit
 * lies inside the text it applies to (the buffer, or the disk for a closed file), and applies one to the buffer.
 */
async function applyQuickFix(client: LspClient, m: Mirror, rnd: Random, where: string, disk: ReadonlyMap<string, string>, fail: (s: string) => void): Promise<string | undefined> {
  const published = client.publishedFor(m.uri).filter((p) => p.version === m.doc.version).pop();
  const candidates = published?.diagnostics.filter((d) => d.code !== undefined) ?? [];
  if (!candidates.length) return undefined;
  const d = rnd.pick(candidates);
  let actions: CodeAction[];
  try {
    actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: m.uri }, range: d.range, context: { diagnostics: [d] } });
  } catch (e) {
    fail(`${where}: codeAction failed: ${(e as Error).message}`);
    return undefined;
  }
  for (const a of actions ?? []) {
    for (const [uri, edits] of Object.entries(a.edit?.changes ?? {})) {
      const text = uri === m.uri ? m.doc.getText() : disk.get(uri);
      if (text === undefined) { fail(`${where}: quick fix '${a.title}' edits an unknown file ${uri}`); continue; }
      const doc = TextDocument.create(uri, 'xml', 0, text);
      for (const e of edits) {
        for (const p of [e.range.start, e.range.end]) {
          const q = doc.positionAt(doc.offsetAt(p));
          if (q.line !== p.line || q.character !== p.character) fail(`${where}: quick fix '${a.title}' has a position ${p.line}:${p.character} outside ${uri}`);
        }
      }
    }
  }
  const own = (actions ?? []).filter((a) => Object.keys(a.edit?.changes ?? {}).length === 1 && a.edit!.changes![m.uri]);
  if (!own.length) return undefined;
  const a = rnd.pick(own);
  const edits = a.edit!.changes![m.uri];
  const version = m.doc.version + 1;
  const before = m.doc;
  // Apply as an editor does: all edits against the same text, as one full-text change.
  const after = TextDocument.applyEdits(before, edits);
  m.doc = TextDocument.update(before, [{ text: after }], version);
  m.shapes.set(version, shapeOf(after));
  client.change(m.uri, [{ text: after }], version);
  await client.diagnostics(m.uri, version, 5000).catch((e: Error) => fail(`${where}: after quick fix '${a.title}': ${e.message}`));
  return `quick fix '${a.title}' (${edits.length} edits) -> v${version}`;
}

/** Checks every publication since the last call: shape, ranges against that version's text, versions never going back. */
function checkPublished(published: readonly Published[], from: number, mirrors: Map<string, Mirror>, checker: Checker, fail: (m: string) => void): number {
  for (let i = from; i < published.length; i++) {
    const p = published[i];
    const m = mirrors.get(p.uri);
    const shape = m && p.version !== undefined ? m.shapes.get(p.version) : undefined;
    for (const problem of checker.diagnostics(p.diagnostics, shape)) fail(`published for ${p.uri} v${p.version}: ${problem}`);
    if (p.version === undefined) continue;
    for (let j = i - 1; j >= 0; j--) {
      const q = published[j];
      if (q.uri !== p.uri) continue;
      if (q.version === undefined) break;
      if (q.version > p.version) fail(`diagnostics for ${p.uri} went back from v${q.version} to v${p.version}`);
      break;
    }
  }
  return published.length;
}

export function formatReport(r: FuzzReport): string {
  const total = Object.values(r.requests).reduce((a, b) => a + b, 0);
  return [
    `fuzz seed ${r.seed}: ${r.edits} edits over ${r.files} files in ${(r.elapsedMs / 1000).toFixed(1)} s`,
    `requests ${total}: ${Object.entries(r.requests).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `diagnostic sets awaited ${r.diagnosticsSets}; max latency ${r.maxLatencyMs} ms (${r.maxLatencyMethod})`,
    r.failures.length ? `FAILURES:\n  ${r.failures.join('\n  ')}` : 'no failures',
  ].join('\n');
}

