/**
 * Reference values: every attribute or text that REFERENCE_RULES maps to a target kind gets the Ids of
 * that kind visible through the file's inheritance chain. Which rule applies is decided from the table,
 * exactly as the summariser does; there is no second list of reference attributes here.
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver-types';
import { Located, PolicyIndex } from '../../index/policyIndex';
import { Definition, exchangeKey } from '../../model/policyFile';
import { KIND_LABELS, REFERENCE_RULES, ReferenceRule, TargetKind } from '../../model/referenceKinds';
import { getAttribute } from '../../xml/parser';
import type { CompletionOptions } from './types';
import { CompletionRequest, completionRequest, replaceItem } from './completionRequest';
import { ValueCursor, ancestor, itemKey } from '../shared/cursorContext';
import { DocumentContext } from '../../model/documentContext';
import { ITEM_KINDS, definitionFacts, markdown, placesText, relativePath } from '../shared/describe';

export function completeReference(ctx: DocumentContext, offset: number, index: PolicyIndex, options?: CompletionOptions): CompletionItem[] | undefined {
  const req = completionRequest(ctx, offset, index, options);
  const rule = req && ruleAt(req.cursor);
  if (!req || !rule) return undefined;
  if (rule.target === 'PolicyKey') return policyKeyItems(req);
  if (rule.target === 'Policy') return policyItems(req);
  return definitionItems(req, rule);
}

/** The reference rule that covers the value at the cursor, if any. */
export function ruleAt(c: ValueCursor): ReferenceRule | undefined {
  return REFERENCE_RULES.find((rule) => sourceMatches(rule, c) && applies(rule, c));
}

function sourceMatches(rule: ReferenceRule, c: ValueCursor): boolean {
  const src = rule.source;
  if (src.type === 'attribute') return c.where === 'attribute' && src.name === c.attribute;
  if (src.type === 'text') return c.where === 'text';
  return c.where === 'text' && c.parent?.name === 'Metadata' && itemKey(c.node) === src.key;
}

function applies(rule: ReferenceRule, c: ValueCursor): boolean {
  if (rule.element !== '*' && rule.element !== c.element) return false;
  if (rule.parents && !rule.parents.includes(c.parent?.name ?? '')) return false;
  if (rule.when) {
    const holder = rule.when.on === 'self' ? c.node : c.parent;
    const v = holder && getAttribute(holder, rule.when.attribute)?.value;
    if (v === undefined || !rule.when.values.includes(v)) return false;
  }
  if (rule.firstOnly && c.parent && c.parent.children.find((x) => x.name === c.element) !== c.node) return false;
  return true;
}

function definitionItems(req: CompletionRequest, rule: ReferenceRule): CompletionItem[] {
  const uri = req.ctx.file.uri;
  let visible = req.index.visible(uri, rule.target);
  if (rule.journeyScoped) visible = sameJourney(visible, journeyOf(req.cursor));
  // A definition with an empty Id (Id="" while typing) is no completion: editors reject an empty label.
  return [...visible.values()].filter((defs) => defs[0].item.id.trim()).map((defs) => definitionItem(req, rule.target, defs));
}

function journeyOf(c: ValueCursor): { id: string; sub: boolean } | undefined {
  const user = ancestor(c.node ?? c.parent, 'UserJourney');
  const el = user ?? ancestor(c.node ?? c.parent, 'SubJourney');
  const id = el && getAttribute(el, 'Id')?.value;
  return id === undefined ? undefined : { id, sub: !user };
}

function sameJourney(visible: Map<string, Located<Definition>[]>, journey: { id: string; sub: boolean } | undefined): Map<string, Located<Definition>[]> {
  if (journey === undefined) return new Map();
  const prefix = exchangeKey(journey.id, '', journey.sub);
  return new Map([...visible].filter(([key]) => key.startsWith(prefix)));
}

function definitionItem(req: CompletionRequest, target: TargetKind, defs: Located<Definition>[]): CompletionItem {
  const uri = req.ctx.file.uri;
  const id = defs[0].item.id;
  const overrides = defs.length > 1 ? ` (+${defs.length - 1} override${defs.length > 2 ? 's' : ''})` : '';
  const facts = definitionFacts(req.index, uri, defs);
  return replaceItem(req, id, id, {
    kind: ITEM_KINDS[target],
    detail: `${KIND_LABELS[target]} · ${relativePath(uri, defs[0].uri)}${overrides}`,
    documentation: markdown([`**${id}** — ${KIND_LABELS[target]}`, ...facts, placesText(req.index, uri, defs)].join('\n\n')),
    sortText: id.toLowerCase(),
  });
}

/** Every policy key name used anywhere in the workspace, plus the prefix B2C gives every key. */
function policyKeyItems(req: CompletionRequest): CompletionItem[] {
  const uri = req.ctx.file.uri;
  const uses = policyKeyUses(req.index, { uri, start: req.cursor.start });
  const items = [...uses.values()].map(({ value, files, count }) => replaceItem(req, value, value, {
    kind: CompletionItemKind.Reference,
    detail: `policy key · used ${count} time${count > 1 ? 's' : ''}`,
    documentation: markdown(`**${value}** — policy key\n\nUsed in ${[...files].map((f) => '`' + relativePath(uri, f) + '`').join(', ')}`),
    sortText: '1' + value.toLowerCase(),
  }));
  items.push(replaceItem(req, 'B2C_1A_', 'B2C_1A_', {
    kind: CompletionItemKind.Text,
    detail: 'policy key name prefix',
    documentation: markdown('Azure AD B2C adds `B2C_1A_` to the name of every policy key you create; a `StorageReferenceId` names the key with that prefix.'),
    sortText: '0',
    command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
  }));
  return items;
}

export interface PolicyKeyUse {
  readonly value: string;
  readonly count: number;
  readonly files: Set<string>;
}

/** Policy key names referenced in the whole workspace, by lower-cased name (first spelling wins). */
export function policyKeyUses(index: PolicyIndex, except?: { uri: string; start: number }): Map<string, PolicyKeyUse> {
  const out = new Map<string, { value: string; count: number; files: Set<string> }>();
  for (const [uri, refs] of index.policyKeyReferences()) {
    for (const r of refs) {
      if (except && uri === except.uri && r.start === except.start) continue;
      const use = out.get(r.key) ?? { value: r.value, count: 0, files: new Set<string>() };
      use.count++;
      use.files.add(uri);
      out.set(r.key, use);
    }
  }
  return out;
}

/** BasePolicy/PolicyId: PolicyIds of other files, except those that already extend this one (a cycle). */
function policyItems(req: CompletionRequest): CompletionItem[] {
  const uri = req.ctx.file.uri;
  const dependents = new Set(req.index.dependentsOf(uri));
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const f of req.index.all()) {
    const id = f.policyId?.value;
    if (!f.isPolicy || !id || f.uri === uri || dependents.has(f.uri) || seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    items.push(replaceItem(req, id, id, { kind: ITEM_KINDS.Policy, detail: `policy · ${relativePath(uri, f.uri)}`, sortText: id.toLowerCase() }));
  }
  return items;
}
