/**
 * Quick fixes that offer choices rather than one repair: the Ids a misspelt reference probably meant (B101),
 * the ways out of an unauthenticated API call in production (B202), and the Metadata item a profile lacks (B404).
 * Each reads the diagnostic's range and data (set by the rule) and the current parse tree; nothing here decides
 * what is wrong.
 */
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { XmlElement, getAttribute } from '../../xml/parser';
import { DocumentContext } from '../../model/documentContext';
import { editDistance } from '../diagnostics/rules/ruleSupport';
import { appendInside, enclosing, insertChild } from '../diagnostics/rules/quickFixes';

/** How many spellings B101 offers at most. */
const MAX_SUGGESTIONS = 3;
const AUTH_TYPES = ['Basic', 'Bearer', 'ClientCertificate', 'ApiKeyHeader'] as const;

export function getSuggestedFixes(ctx: DocumentContext, diagnostics: readonly Diagnostic[], index: PolicyIndex): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code === 'B101') out.push(...didYouMean(ctx, d, index));
    else if (d.code === 'B202') out.push(...authenticationChoices(ctx, d));
    else if (d.code === 'B404') out.push(...addMetadataItem(ctx, d));
  }
  return out;
}

function quickFix(title: string, d: Diagnostic, ctx: DocumentContext, edits: TextEdit[], isPreferred = false): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred, edit: { changes: { [ctx.document.uri]: edits } } };
}

// --- B101: did you mean -----------------------------------------------------------------------------

function didYouMean(ctx: DocumentContext, d: Diagnostic, index: PolicyIndex): CodeAction[] {
  const start = ctx.document.offsetAt(d.range.start);
  const ref = ctx.file.references.find((r) => r.start === start && r.value);
  if (!ref) return [];
  const ids: string[] = [];
  for (const defs of index.visible(ctx.file.uri, ref.target).values()) {
    const def = defs[0].item;
    if (ref.journey !== undefined && def.journey?.toLowerCase() !== ref.journey.toLowerCase()) continue;
    if (def.id.trim()) ids.push(def.id);
  }
  const range = Range.create(d.range.start, ctx.document.positionAt(ref.end));
  return closestIds(ref.value, ids).map((id, i) => quickFix(`Change to '${id}'`, d, ctx, [TextEdit.replace(range, id)], i === 0));
}

/**
 * The Ids nearest to `typed` by edit distance ignoring case, within what still looks like a typo (a quarter of
 * the length, at least 2); ties go to the spelling closer in case, then alphabetically.
 */
export function closestIds(typed: string, ids: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(typed.length / 4));
  const lower = typed.toLowerCase();
  return ids
    .map((id) => ({ id, distance: editDistance(lower, id.toLowerCase()), exact: editDistance(typed, id) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.exact - b.exact || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => c.id);
}

// --- Metadata items -----------------------------------------------------------------------------------

function profileAt(ctx: DocumentContext, d: Diagnostic): XmlElement | undefined {
  return enclosing(ctx.xml.root, ctx.document.offsetAt(d.range.start), 'TechnicalProfile');
}

function metadataItem(profile: XmlElement, key: string): XmlElement | undefined {
  const metadata = profile.children.find((c) => c.name === 'Metadata');
  return metadata?.children.find((c) => c.name === 'Item' && getAttribute(c, 'Key')?.value.trim().toLowerCase() === key.toLowerCase());
}

/** Sets `key` to `value` in this file's definition of the profile: replaces the item's text, or adds the item. */
function setItem(ctx: DocumentContext, profile: XmlElement, key: string, value: string): TextEdit {
  const item = metadataItem(profile, key);
  const xmlValue = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (item && !item.selfClosing && item.closeStart >= 0) {
    return TextEdit.replace(Range.create(ctx.document.positionAt(item.startTagEnd), ctx.document.positionAt(item.closeStart)), xmlValue);
  }
  const line = `<Item Key="${key}">${xmlValue}</Item>`;
  if (item) return TextEdit.replace(Range.create(ctx.document.positionAt(item.start), ctx.document.positionAt(item.end)), line);
  const metadata = profile.children.find((c) => c.name === 'Metadata');
  if (metadata && !metadata.selfClosing) return appendInside(ctx, metadata, [line]);
  return insertChild(ctx, profile, 'Metadata', ['<Metadata>', '  ' + line, '</Metadata>']);
}

/**
 * B202: pick an authentication type (the keys each one needs are then B204-B209's own fixes), or, for a policy
 * that is still in development, allow the unauthenticated call explicitly (B203 keeps warning about it).
 */
function authenticationChoices(ctx: DocumentContext, d: Diagnostic): CodeAction[] {
  const profile = profileAt(ctx, d);
  if (!profile) return [];
  const choices = AUTH_TYPES.map((type) => quickFix(`Set AuthenticationType to ${type}`, d, ctx, [setItem(ctx, profile, 'AuthenticationType', type)]));
  choices.push(quickFix('Set AllowInsecureAuthInProduction to true (only while the policy is in development)', d, ctx,
    [setItem(ctx, profile, 'AllowInsecureAuthInProduction', 'true')]));
  return choices;
}

/** B404: add the missing item to this file's definition, empty, for the user to fill in. */
function addMetadataItem(ctx: DocumentContext, d: Diagnostic): CodeAction[] {
  const key = (d.data as { addMetadata?: unknown } | undefined)?.addMetadata;
  const profile = profileAt(ctx, d);
  if (typeof key !== 'string' || !profile || metadataItem(profile, key)) return [];
  return [quickFix(`Add the Metadata item '${key}'`, d, ctx, [setItem(ctx, profile, key, '')], true)];
}
