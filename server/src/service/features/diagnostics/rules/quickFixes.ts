/**
 * Quick fixes for the rule diagnostics (B1xx-B5xx). Each fix reads what it needs from the diagnostic's
 * `data` (set by the rule) and the current parse tree, and returns a plain text edit.
 */
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../../index/policyIndex';
import { Definition, lookupKey } from '../../../model/policyFile';
import { lineEnd } from '../../../model/lineIndex';
import { XmlElement, getAttribute } from '../../../xml/parser';
import { DocumentContext } from '../../../model/documentContext';
import { findChildSlot, typeOfElement } from '../../../model/schemaModel';

interface FixData {
  readonly addKeys?: readonly string[];
  readonly replaceWith?: string;
  readonly moveToKey?: string;
}

type Fix = (ctx: DocumentContext, d: Diagnostic, data: FixData, index: PolicyIndex) => CodeAction | undefined;

const FIXES: ReadonlyArray<{ readonly codes: readonly string[]; readonly fix: Fix }> = [
  { codes: ['B204', 'B205', 'B206', 'B209', 'B301', 'B302', 'B406'], fix: addKeysFix },
  { codes: ['B213', 'B214'], fix: httpsFix },
  { codes: ['B212', 'B311', 'B401', 'B402', 'B403', 'B632', 'B633', 'B634', 'B637'], fix: replaceFix },
  { codes: ['B310'], fix: moveToKeyFix },
  { codes: ['B501', 'B502'], fix: renumberFix },
  { codes: ['B101'], fix: createClaimFix },
];

export function getRuleCodeActions(ctx: DocumentContext, diagnostics: readonly Diagnostic[], index: PolicyIndex): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const entry = FIXES.find((f) => f.codes.includes(String(d.code)));
    const action = entry?.fix(ctx, d, (d.data ?? {}) as FixData, index);
    if (action) out.push(action);
  }
  return out;
}

function action(title: string, d: Diagnostic, edit: WorkspaceEdit, preferred = true): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit };
}

function editOf(ctx: DocumentContext, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [ctx.document.uri]: edits } };
}

// --- tree helpers ---------------------------------------------------------------------------------

/** The innermost element named `name` that contains `offset`. */
export function enclosing(root: XmlElement | undefined, offset: number, name: string): XmlElement | undefined {
  let found: XmlElement | undefined;
  let el = root;
  while (el) {
    if (el.name === name) found = el;
    el = el.children.find((c) => c.start <= offset && offset < c.end);
  }
  return found;
}

function lineIndent(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  return /^[ \t]*/.exec(text.slice(s))![0];
}

/** The file's own line end (that of its first line break), for every inserted line. */
function eol(text: string): string {
  return lineEnd(text);
}

/**
 * A value made safe for an attribute value in double quotes or for element text: values in the index are raw
 * text (entities unexpanded), so a bare '&' is escaped and an entity or character reference is kept as it is.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;')
    .replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Where a new child `name` goes in `parent`: after the last child the schema puts before it. */
function childInsertOffset(parent: XmlElement, name: string): number {
  const type = typeOfElement(parent);
  const order = findChildSlot(type, name)?.order ?? Infinity;
  let at = parent.startTagEnd;
  for (const c of parent.children) if ((findChildSlot(type, c.name)?.order ?? -1) < order) at = c.end;
  return at;
}

/** Text that inserts `lines` (already indented relative to `parent`'s children) as the content end of an existing element. */
export function appendInside(ctx: DocumentContext, container: XmlElement, block: string[]): TextEdit {
  const text = ctx.xml.text;
  const nl = eol(text);
  const inner = lineIndent(text, container.start) + '  ';
  const closeAt = container.closeStart >= 0 ? container.closeStart : container.end;
  let s = closeAt;
  while (s > container.startTagEnd && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  const atLineStart = text[s - 1] === '\n';
  const body = block.map((l) => inner + l).join(nl);
  return atLineStart
    ? TextEdit.insert(ctx.document.positionAt(s), body + nl)
    : TextEdit.insert(ctx.document.positionAt(closeAt), nl + body + nl + lineIndent(text, container.start));
}

/** Inserts a new child element (given as lines) into `parent` at its schema position. */
export function insertChild(ctx: DocumentContext, parent: XmlElement, name: string, block: string[]): TextEdit {
  const text = ctx.xml.text;
  const nl = eol(text);
  const inner = lineIndent(text, parent.start) + '  ';
  const at = childInsertOffset(parent, name);
  return TextEdit.insert(ctx.document.positionAt(at), nl + block.map((l) => inner + l).join(nl));
}

// --- keys ----------------------------------------------------------------------------------------

export function placeholderKeyName(profileId: string, keyId: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
  return `B2C_1A_${clean(profileId)}${clean(keyId)}`;
}

function keysEdit(ctx: DocumentContext, profile: XmlElement, ids: readonly string[]): TextEdit {
  const profileId = getAttribute(profile, 'Id')?.value ?? 'Profile';
  const keys = ids.map((id) => `<Key Id="${escapeXml(id)}" StorageReferenceId="${placeholderKeyName(profileId, id)}" />`);
  const container = profile.children.find((c) => c.name === 'CryptographicKeys');
  if (container && !container.selfClosing) return appendInside(ctx, container, keys);
  return insertChild(ctx, profile, 'CryptographicKeys', ['<CryptographicKeys>', ...keys.map((k) => '  ' + k), '</CryptographicKeys>']);
}

function addKeysFix(ctx: DocumentContext, d: Diagnostic, data: FixData): CodeAction | undefined {
  const profile = enclosing(ctx.xml.root, ctx.document.offsetAt(d.range.start), 'TechnicalProfile');
  if (!data.addKeys?.length || !profile) return undefined;
  const names = data.addKeys.map((k) => `'${k}'`).join(' and ');
  return action(`Add the ${names} key${data.addKeys.length > 1 ? 's' : ''} (placeholder policy key names)`, d, editOf(ctx, [keysEdit(ctx, profile, data.addKeys)]));
}

function moveToKeyFix(ctx: DocumentContext, d: Diagnostic, data: FixData): CodeAction | undefined {
  const start = ctx.document.offsetAt(d.range.start);
  const profile = enclosing(ctx.xml.root, start, 'TechnicalProfile');
  const item = enclosing(ctx.xml.root, start, 'Item');
  if (!data.moveToKey || !profile || !item || item.selfClosing || item.closeStart < 0) return undefined;
  // The value stays in the file, in a comment, until the user has created the key with it: never lose it.
  const value = unescapeXml(ctx.xml.text.slice(item.startTagEnd, item.closeStart));
  if (value.includes('--') || value.endsWith('-') || /[\r\n]/.test(value)) return undefined;
  const keyName = placeholderKeyName(getAttribute(profile, 'Id')?.value ?? 'Profile', data.moveToKey);
  const note = `<!-- Create the policy key '${keyName}' with this value, then delete this comment: ${value} -->`;
  const replace = TextEdit.replace(Range.create(ctx.document.positionAt(item.start), ctx.document.positionAt(item.end)), note);
  return action(`Move the secret into a policy key referenced as '${data.moveToKey}'`, d, editOf(ctx, [replace, keysEdit(ctx, profile, [data.moveToKey])]));
}

/** Raw element text as the service reads it: predefined entities and character references expanded. */
function unescapeXml(raw: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return raw.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, r: string) => {
    if (named[r]) return named[r];
    const c = r[1] === 'x' ? parseInt(r.slice(2), 16) : parseInt(r.slice(1), 10);
    return c <= 0x10ffff ? String.fromCodePoint(c) : '';
  });
}

// --- values --------------------------------------------------------------------------------------

function httpsFix(ctx: DocumentContext, d: Diagnostic): CodeAction | undefined {
  const start = ctx.document.offsetAt(d.range.start);
  if (ctx.xml.text.slice(start, start + 7).toLowerCase() !== 'http://') return undefined;
  const r = Range.create(d.range.start, ctx.document.positionAt(start + 7));
  return action('Use https://', d, editOf(ctx, [TextEdit.replace(r, 'https://')]));
}

function replaceFix(ctx: DocumentContext, d: Diagnostic, data: FixData): CodeAction | undefined {
  if (!data.replaceWith) return undefined;
  return action(`Change to '${data.replaceWith}'`, d, editOf(ctx, [TextEdit.replace(d.range, data.replaceWith)]));
}

// --- journeys ------------------------------------------------------------------------------------

const JOURNEY_KINDS = ['UserJourney', 'SubJourney'] as const;

function journeyAt(ctx: DocumentContext, offset: number): Definition | undefined {
  return ctx.file.definitions.find((d) => (JOURNEY_KINDS as readonly string[]).includes(d.kind) && d.start <= offset && offset < d.end);
}

/** Renumbers the steps of the journey at `journeyOffset` (every journey of the file when omitted) 1..n in document order. */
export function renumberSteps(ctx: DocumentContext, journeyOffset?: number): WorkspaceEdit {
  const journeys = journeyOffset === undefined ? ctx.file.definitions.filter((d) => (JOURNEY_KINDS as readonly string[]).includes(d.kind)) : [journeyAt(ctx, journeyOffset)];
  const edits: TextEdit[] = [];
  for (const j of journeys) {
    if (j?.detail?.type !== 'journey') continue;
    j.detail.steps.forEach((step, i) => {
      if (step.order && step.order.value !== String(i + 1)) {
        edits.push(TextEdit.replace(Range.create(ctx.document.positionAt(step.order.start), ctx.document.positionAt(step.order.end)), String(i + 1)));
      }
    });
  }
  return editOf(ctx, edits);
}

/** Offered only where this file alone defines the journey: elsewhere the Orders are what merges the steps. */
function renumberFix(ctx: DocumentContext, d: Diagnostic, _data: FixData, index: PolicyIndex): CodeAction | undefined {
  const j = journeyAt(ctx, ctx.document.offsetAt(d.range.start));
  if (!j) return undefined;
  const k = lookupKey(j.kind, j.key);
  const others = [...index.chain(ctx.file.uri).uris.slice(1), ...index.dependentsOf(ctx.file.uri)].some((u) => index.get(u)?.defsByKey.has(k));
  if (others) return undefined;
  const edit = renumberSteps(ctx, j.start);
  return edit.changes?.[ctx.document.uri]?.length ? action(`Renumber the steps of '${j.id}' 1..n`, d, edit) : undefined;
}

// --- claim types ---------------------------------------------------------------------------------

/** The extensions file of the chain (by file name or PolicyId), else the file itself. */
export function extensionsFileOf(index: PolicyIndex, uri: string): string {
  const looksLike = (u: string) => /extension/i.test(u.slice(u.lastIndexOf('/') + 1)) || /extension/i.test(index.get(u)?.policyId?.value ?? '');
  return index.chain(uri).uris.find(looksLike) ?? uri;
}

function claimTypeLines(id: string): string[] {
  const safe = escapeXml(id);
  return [`<ClaimType Id="${safe}">`, `  <DisplayName>${safe}</DisplayName>`, '  <DataType>string</DataType>', '</ClaimType>'];
}

function createClaimFix(ctx: DocumentContext, d: Diagnostic, _data: FixData, index: PolicyIndex): CodeAction | undefined {
  const start = ctx.document.offsetAt(d.range.start);
  const ref = ctx.file.references.find((r) => r.target === 'ClaimType' && r.start === start && r.value);
  if (!ref) return undefined;
  const target = extensionsFileOf(index, ctx.file.uri);
  const edit = (target !== ctx.file.uri && claimEditElsewhere(index, target, ref.value)) || claimEditHere(ctx, ref.value);
  const where = Object.keys(edit.changes ?? {})[0] ?? ctx.file.uri;
  return action(`Create the claim type '${ref.value}' in ${decodeURIComponent(where.slice(where.lastIndexOf('/') + 1))}`, d, edit, false);
}

function claimEditHere(ctx: DocumentContext, id: string): WorkspaceEdit {
  const root = ctx.xml.root!;
  const bb = root.children.find((c) => c.name === 'BuildingBlocks');
  const schema = bb?.children.find((c) => c.name === 'ClaimsSchema');
  if (schema && !schema.selfClosing) return editOf(ctx, [appendInside(ctx, schema, claimTypeLines(id))]);
  if (bb && !bb.selfClosing) return editOf(ctx, [insertChild(ctx, bb, 'ClaimsSchema', ['<ClaimsSchema>', ...claimTypeLines(id).map((l) => '  ' + l), '</ClaimsSchema>'])]);
  const block = ['<BuildingBlocks>', '  <ClaimsSchema>', ...claimTypeLines(id).map((l) => '    ' + l), '  </ClaimsSchema>', '</BuildingBlocks>'];
  return editOf(ctx, [insertChild(ctx, root, 'BuildingBlocks', block)]);
}

/** In another file we only have its summary: add after its last ClaimType, or a new BuildingBlocks after BasePolicy. */
function claimEditElsewhere(index: PolicyIndex, uri: string, id: string): WorkspaceEdit | undefined {
  const file = index.get(uri);
  if (!file) return undefined;
  const claims = file.definitions.filter((d) => d.kind === 'ClaimType');
  const BUILDING_BLOCK_KINDS = ['ClaimsTransformation', 'ContentDefinition', 'Predicate', 'PredicateValidation', 'DisplayControl', 'LocalizedResources'];
  let at: number, indent: string, lines: string[];
  if (claims.length) {
    const last = claims[claims.length - 1];
    at = last.end;
    indent = ' '.repeat(file.lines.positionAt(last.start).character);
    lines = claimTypeLines(id);
  } else if (file.basePolicy && !file.definitions.some((d) => BUILDING_BLOCK_KINDS.includes(d.kind))) {
    at = file.basePolicy.element.end;
    indent = ' '.repeat(file.lines.positionAt(file.basePolicy.element.start).character);
    lines = ['<BuildingBlocks>', '  <ClaimsSchema>', ...claimTypeLines(id).map((l) => '    ' + l), '  </ClaimsSchema>', '</BuildingBlocks>'];
  } else {
    return undefined;
  }
  const pos = file.lines.positionAt(at);
  return { changes: { [uri]: [TextEdit.insert(pos, lines.map((l) => file.lines.eol + indent + l).join(''))] } };
}
