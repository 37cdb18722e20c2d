/**
 * The effective technical profile or journey as XML: what the service runs once the chain is merged, written out
 * as one element, every part marked with an XML comment naming the file and line it comes from. It is shown in a
 * read-only document (`B2C: Show effective technical profile` / `… journey`); it is not meant to be uploaded.
 *
 * A technical profile is merged the way `mergedProfile.ts` merges it (the definitions along the chain, base-most
 * first; IncludeTechnicalProfile resolved on the merged policy, what a profile includes applied before its own
 * parts): collections merge by their key (Metadata items by Key, keys by Id, claims by ClaimTypeReferenceId,
 * transformations and validation profiles by ReferenceId; a later one replaces an earlier one in place, a new one is
 * appended) and every other child is replaced whole. Journeys are the effective model's merge: steps by Order.
 * Children are written in the schema's order. The texts come from `sourceOf` (the caller reads them; no I/O here).
 */
import { PolicyIndex } from '../index/policyIndex';
import { Definition, idKey } from '../model/policyFile';
import { XmlDocument, XmlElement, decodeEntities, getAttribute } from '../xml/parser';
import compiledSchema from '../data/schemaModel.json';
import type { Particle } from '../data/schemaTypes';
import { EffectiveModel, JourneyKind, MergedJourney, chainIsKnown } from './effectiveModel';

export type EffectiveKind = 'TechnicalProfile' | JourneyKind;

export interface ParsedSource {
  readonly text: string;
  readonly xml: XmlDocument;
}

/** The text and tree of an indexed file, as the index summarised it; undefined when it cannot be read. */
export type SourceOf = (uri: string) => ParsedSource | undefined;

export interface EffectiveXml {
  readonly kind: EffectiveKind;
  readonly id: string;
  /** The file whose view of the chain is shown. */
  readonly view: string;
  readonly text: string;
  /** Files that extend `view` and define the element (or, for a profile, one it includes) again: their views differ. */
  readonly redefinedIn: readonly string[];
}

/** One element taken from a source file. */
interface Part {
  readonly uri: string;
  readonly el: XmlElement;
  readonly text: string;
  /** For a technical profile's parts: the profile that contributed it, when it is an included one. */
  readonly from?: string;
}

/** Collections merged item by item, and how an item is identified (undefined: always appended). */
const KEYED: Readonly<Record<string, (item: XmlElement) => string | undefined>> = {
  Metadata: (i) => attr(i, 'Key'),
  CryptographicKeys: (i) => lower(attr(i, 'Id')),
  InputClaims: (i) => lower(attr(i, 'ClaimTypeReferenceId')),
  OutputClaims: (i) => lower(attr(i, 'ClaimTypeReferenceId')),
  PersistedClaims: (i) => lower(attr(i, 'ClaimTypeReferenceId')),
  DisplayClaims: (i) => {
    const claim = attr(i, 'ClaimTypeReferenceId');
    if (claim) return 'claim:' + claim.toLowerCase();
    const control = attr(i, 'DisplayControlReferenceId');
    return control ? 'control:' + control.toLowerCase() : undefined;
  },
  InputClaimsTransformations: (i) => lower(attr(i, 'ReferenceId')),
  OutputClaimsTransformations: (i) => lower(attr(i, 'ReferenceId')),
  ValidationTechnicalProfiles: (i) => lower(attr(i, 'ReferenceId')),
};

/**
 * The child element names of a schema type, in the schema's order (groups flattened). Names the compiled schema
 * does not list (the overlay's additions) are written after these, in the order they came.
 */
function schemaOrder(typeName: string): string[] {
  const out: string[] = [];
  const walk = (ps: readonly Particle[]) => {
    for (const p of ps) if ('group' in p) walk(p.children); else if (!out.includes(p.name)) out.push(p.name);
  };
  const types = (compiledSchema as unknown as { types: Record<string, { children?: readonly Particle[] }> }).types;
  walk(types[typeName]?.children ?? []);
  return out;
}

function attr(el: XmlElement, name: string): string | undefined {
  const v = getAttribute(el, name)?.value;
  return v === undefined ? undefined : decodeEntities(v).trim();
}

function lower(s: string | undefined): string | undefined {
  return s === undefined ? undefined : s.toLowerCase();
}

/** The element that starts at `start`, found by descending the tree. */
function elementAt(xml: XmlDocument, start: number): XmlElement | undefined {
  let el = xml.root;
  while (el) {
    if (el.start === start) return el;
    el = el.children.find((c) => c.start <= start && start < c.end);
  }
  return undefined;
}

const fileName = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));

/** Text safe inside an XML comment (no `--`). */
function commentSafe(s: string): string {
  return s.replace(/--/g, '- -').replace(/-$/, '- ');
}

class Writer {
  private readonly lines: string[] = [];

  constructor(private readonly index: PolicyIndex) {}

  where(uri: string, offset: number): string {
    const line = (this.index.get(uri)?.lines.positionAt(offset).line ?? 0) + 1;
    return `${fileName(uri)}:${line}`;
  }

  line(indent: number, s: string): void {
    this.lines.push('  '.repeat(indent) + s);
  }

  /** An element copied from its source, re-indented, with where it comes from. */
  part(indent: number, p: Part, label?: string): void {
    const raw = p.text.slice(p.el.start, p.el.end);
    const lineStart = p.text.lastIndexOf('\n', p.el.start - 1) + 1;
    const lead = p.text.slice(lineStart, p.el.start);
    const baseIndent = /^[ \t]*$/.test(lead) ? lead : '';
    const body = raw.split(/\r\n|\r|\n/).map((l, i) => {
      if (i === 0) return l;
      if (l.startsWith(baseIndent)) return l.slice(baseIndent.length);
      return l.replace(/^[ \t]+/, '');
    });
    const note = `<!-- ${commentSafe([label, this.where(p.uri, p.el.start), p.from && `from ${p.from}`].filter(Boolean).join(', '))} -->`;
    if (body.length === 1) return this.line(indent, `${body[0]} ${note}`);
    this.line(indent, note);
    for (const l of body) this.line(l.trim() ? indent : 0, l);
  }

  comment(indent: number, lines: readonly string[]): void {
    this.line(indent, '<!--');
    for (const l of lines) this.line(l ? indent + 1 : 0, commentSafe(l));
    this.line(indent, '-->');
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** Merges the children of elements applied in order: keyed collections item by item, other children whole. */
class ChildMerge {
  readonly singles = new Map<string, Part>();
  readonly collections = new Map<string, { items: Array<{ key?: string; part: Part }> }>();
  /** Child names in order of first appearance, for names the schema does not order. */
  readonly seen: string[] = [];

  apply(parent: XmlElement, text: string, uri: string, from?: string, skip: ReadonlySet<string> = new Set()): void {
    for (const child of parent.children) {
      if (skip.has(child.name)) continue;
      if (!this.seen.includes(child.name)) this.seen.push(child.name);
      const keyOf = KEYED[child.name];
      if (!keyOf) {
        this.singles.set(child.name, { uri, el: child, text, from });
        continue;
      }
      let c = this.collections.get(child.name);
      if (!c) this.collections.set(child.name, (c = { items: [] }));
      for (const item of child.children) {
        const key = keyOf(item);
        const part = { uri, el: item, text, from };
        const at = key === undefined ? -1 : c.items.findIndex((x) => x.key === key);
        if (at >= 0) c.items[at] = { key, part };
        else c.items.push({ key, part });
      }
    }
  }

  /** The child names present, in the schema's order for `typeName`, then the others as they came. */
  ordered(typeName: string): string[] {
    const order = new Map(schemaOrder(typeName).map((n, i) => [n, i]));
    const rank = (n: string) => order.get(n) ?? Number.MAX_SAFE_INTEGER;
    return this.seen.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i).map((x) => x.n);
  }

  write(w: Writer, indent: number, typeName: string): void {
    for (const name of this.ordered(typeName)) {
      const single = this.singles.get(name);
      const coll = this.collections.get(name);
      if (coll) {
        if (!coll.items.length) continue;
        w.line(indent, `<${name}>`);
        for (const { part } of coll.items) w.part(indent + 1, part);
        w.line(indent, `</${name}>`);
      } else if (single) w.part(indent, single);
    }
  }
}

/** Attributes of the merged element: a later definition's value replaces an earlier one. */
function mergedAttributes(parts: readonly Part[], id: string): string {
  const attrs = new Map<string, string>();
  attrs.set('Id', id);
  for (const p of parts) for (const a of p.el.attributes) if (a.name !== 'Id' && !a.name.startsWith('xmlns')) attrs.set(a.name, a.value);
  return [...attrs].map(([k, v]) => `${k}="${k === 'Id' ? escapeAttr(v) : v}"`).join(' ');
}

function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Reads a definition's element from its source, checking that the text still is what the index summarised. */
function definitionPart(sourceOf: SourceOf, uri: string, d: Definition, element: string, from?: string): Part | undefined {
  const src = sourceOf(uri);
  const el = src && elementAt(src.xml, d.start);
  if (!src || !el || el.name !== element || idKey(attr(el, 'Id') ?? '') !== idKey(d.id)) return undefined;
  return { uri, el, text: src.text, from };
}

/** The header's first lines: what is shown, and whose view. */
function viewLines(index: PolicyIndex, view: string, what: string): string[] {
  const policyId = index.get(view)?.policyId?.value;
  return [`${what},`, `as ${fileName(view)}${policyId ? ` (${policyId})` : ''} sees it.`];
}

function chainNote(index: PolicyIndex, view: string): string[] {
  if (chainIsKnown(index, view)) return [];
  const status = index.chain(view).status;
  return [`The chain of ${fileName(view)} is ${status === 'ambiguous' ? 'ambiguous (several files declare a base PolicyId)' : status === 'incomplete' ? 'incomplete (a base policy is not in the workspace)' : 'broken'}: this merge is a best guess.`];
}

/** Files that extend `view` and redefine one of `keys` of `kind` (their view differs from this one), sorted, with labels. */
function redefinedBelow(index: PolicyIndex, view: string, kind: EffectiveKind, keys: readonly string[]): Array<{ uri: string; label: string }> {
  const out: Array<{ uri: string; label: string }> = [];
  for (const u of index.dependentsOf(view)) {
    const f = index.get(u);
    for (const k of keys) {
      const d = f?.defsByKey.get(kind + '\u0000' + idKey(k))?.[0];
      if (d) {
        out.push({ uri: u, label: `${fileName(u)}:${f!.lines.positionAt(d.start).line + 1}${idKey(k) === idKey(keys[0]) ? '' : ` (${k})`}` });
        break;
      }
    }
  }
  return out.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function viewNotes(model: EffectiveModel, view: string, below: ReadonlyArray<{ label: string }>): string[] {
  const leaves = model.leavesSeeing(view).filter((l) => l !== view);
  const out: string[] = [];
  if (leaves.length) {
    out.push(`This is this file's view: ${leaves.length} relying part${leaves.length === 1 ? 'y runs' : 'ies run'} its chain`,
      `and see${leaves.length === 1 ? 's' : ''} it so, unless a file between defines it again.`);
  }
  if (below.length) out.push('Defined again below this file (those files see another merge):', `${below.map((b) => b.label).join(', ')}.`);
  return out;
}

/** The merged technical profile `id` as `view` sees it, or undefined when the chain defines no such profile. */
export function effectiveProfileXml(model: EffectiveModel, view: string, id: string, sourceOf: SourceOf): EffectiveXml | undefined {
  const index = model.index;
  const merged = model.profile(view, id);
  if (!merged) return undefined;
  const parts: Part[] = [];
  const unread: string[] = [];
  const merge = new ChildMerge();
  // The same order as mergedProfile's applyProfile: what each definition includes (transitively), then the definitions.
  const apply = (key: string, visiting: Set<string>, from?: string) => {
    if (visiting.has(key)) return;
    visiting.add(key);
    const defs = index.lookup(view, 'TechnicalProfile', key);
    const own: Part[] = [];
    for (const { uri, item } of defs) {
      const p = definitionPart(sourceOf, uri, item, 'TechnicalProfile', from === undefined ? undefined : item.id);
      if (!p) { unread.push(`${fileName(uri)} (${item.id})`); continue; }
      own.push(p);
      for (const inc of p.el.children) {
        if (inc.name !== 'IncludeTechnicalProfile') continue;
        const ref = attr(inc, 'ReferenceId');
        if (ref && index.lookup(view, 'TechnicalProfile', idKey(ref)).length) apply(idKey(ref), visiting, ref);
      }
    }
    for (const p of own) {
      parts.push(p);
      merge.apply(p.el, p.text, p.uri, p.from, new Set(['IncludeTechnicalProfile']));
    }
    visiting.delete(key);
  };
  apply(idKey(id), new Set());

  const w = new Writer(index);
  const own = parts.filter((p) => !p.from);
  const below = redefinedBelow(index, view, 'TechnicalProfile', [merged.id, ...merged.included]);
  const header = [
    ...viewLines(index, view, `Effective technical profile ${merged.id}`),
    'Merged along the chain first (base first; a later file replaces the same part),',
    'then IncludeTechnicalProfile resolved on the merged policy (own parts win over included ones).',
    'Each part names the file and line it comes from. Read-only: edit the source files.',
    '',
    `Defined in: ${own.map((p) => w.where(p.uri, p.el.start)).join(', ') || '(none readable)'}`,
    ...(merged.included.length ? [`Includes: ${merged.included.map((inc) => {
      const d = index.lookup(view, 'TechnicalProfile', idKey(inc));
      return `${inc} (${d.map((x) => w.where(x.uri, x.item.start)).join(', ')})`;
    }).join('; ')}`] : []),
    ...(merged.missingIncludes.length ? [`Included but not defined in this chain: ${merged.missingIncludes.join(', ')}`] : []),
    ...(unread.length ? [`Could not be read (the file changed or is not readable): ${unread.join(', ')}`] : []),
    ...chainNote(index, view),
    ...viewNotes(model, view, below),
  ];
  w.comment(0, header);
  w.line(0, `<TechnicalProfile ${mergedAttributes(own, merged.id)}>`);
  merge.write(w, 1, 'TechnicalProfile');
  w.line(0, '</TechnicalProfile>');
  return { kind: 'TechnicalProfile', id: merged.id, view, text: w.toString(), redefinedIn: below.map((b) => b.uri) };
}

/** The merged journey (steps by Order) as `view` sees it. */
export function effectiveJourneyXml(model: EffectiveModel, view: string, kind: JourneyKind, id: string, sourceOf: SourceOf): EffectiveXml | undefined {
  const index = model.index;
  const journey: MergedJourney | undefined = model.journey(view, kind, id);
  if (!journey) return undefined;
  const w = new Writer(index);
  const parts: Part[] = [];
  const unread: string[] = [];
  const merge = new ChildMerge();
  const below = redefinedBelow(index, view, kind, [journey.id]);
  for (const { uri, item } of journey.definitions) {
    const p = definitionPart(sourceOf, uri, item, kind);
    if (!p) { unread.push(fileName(uri)); continue; }
    parts.push(p);
    merge.apply(p.el, p.text, p.uri, undefined, new Set(['OrchestrationSteps']));
  }
  const header = [
    ...viewLines(index, view, `Effective ${kind === 'UserJourney' ? 'user journey' : 'sub-journey'} ${journey.id}`),
    'Steps merged by Order: a step in a file further down the chain replaces the step',
    'of the same Order above it. Each part names the file and line it comes from.',
    'Read-only: edit the source files.',
    '',
    `Defined in: ${journey.definitions.map((d) => w.where(d.uri, d.item.start)).join(', ')}`,
    ...(unread.length ? [`Could not be read (the file changed or is not readable): ${unread.join(', ')}`] : []),
    ...chainNote(index, view),
    ...viewNotes(model, view, below),
  ];
  w.comment(0, header);
  w.line(0, `<${kind} ${mergedAttributes(parts, journey.id)}>`);
  const ordered = merge.ordered(kind);
  // OrchestrationSteps come from the merged journey, at the schema's place among the other children.
  const order = schemaOrder(kind);
  const stepsRank = Math.max(0, order.indexOf('OrchestrationSteps'));
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : Number.MAX_SAFE_INTEGER);
  const before = ordered.filter((n) => rank(n) < stepsRank);
  const after = ordered.filter((n) => rank(n) >= stepsRank);
  writeChildren(w, merge, kind, before);
  if (journey.steps.length) {
    w.line(1, '<OrchestrationSteps>');
    for (const s of journey.steps) {
      const src = sourceOf(s.uri);
      const el = src && elementAt(src.xml, s.step.element.start);
      if (!src || !el || el.name !== 'OrchestrationStep') {
        w.line(2, `<!-- Step ${s.order}: ${commentSafe(w.where(s.uri, s.step.element.start))} could not be read -->`);
        continue;
      }
      w.part(2, { uri: s.uri, el, text: src.text }, `step ${s.order}`);
    }
    w.line(1, '</OrchestrationSteps>');
  }
  writeChildren(w, merge, kind, after);
  w.line(0, `</${kind}>`);
  return { kind, id: journey.id, view, text: w.toString(), redefinedIn: below.map((b) => b.uri) };
}

function writeChildren(w: Writer, merge: ChildMerge, typeName: string, names: readonly string[]): void {
  const only = new ChildMerge();
  for (const n of names) {
    only.seen.push(n);
    const s = merge.singles.get(n);
    if (s) only.singles.set(n, s);
    const c = merge.collections.get(n);
    if (c) only.collections.set(n, c);
  }
  only.write(w, 1, typeName);
}

export function effectiveXml(model: EffectiveModel, view: string, kind: EffectiveKind, id: string, sourceOf: SourceOf): EffectiveXml | undefined {
  return kind === 'TechnicalProfile' ? effectiveProfileXml(model, view, id, sourceOf) : effectiveJourneyXml(model, view, kind, id, sourceOf);
}

/**
 * What `B2C: Show effective …` shows for a cursor: the technical profile or journey named by the reference under it,
 * else the innermost one whose definition holds it.
 */
export function effectiveTargetAt(index: PolicyIndex, uri: string, offset: number, want?: 'TechnicalProfile' | 'Journey'): { kind: EffectiveKind; id: string } | undefined {
  const file = index.get(uri);
  if (!file) return undefined;
  const fits = (k: string): k is EffectiveKind => (want === 'TechnicalProfile' ? k === 'TechnicalProfile' : want === 'Journey' ? k === 'UserJourney' || k === 'SubJourney' : k === 'TechnicalProfile' || k === 'UserJourney' || k === 'SubJourney');
  for (const r of file.references) {
    if (r.start <= offset && offset <= r.end && fits(r.target) && r.value) return { kind: r.target, id: r.value };
    if (r.start > offset) break;
  }
  let best: Definition | undefined;
  for (const d of file.definitions) if (fits(d.kind) && d.start <= offset && offset < d.end && (!best || d.start > best.start)) best = d;
  return best && { kind: best.kind as EffectiveKind, id: best.id };
}
