/**
 * Content definitions as a relying party (leaf) runs them (B637, B638): the DataUri of every content definition
 * the leaf's journey uses must name a documented page type and version (data/pageLayouts.ts), and
 * `ScriptExecution` Allow needs page-contract DataUris. Only the content definitions the leaf uses are judged
 * (a step's ContentDefinitionReferenceId, a reached profile's ContentDefinitionReferenceId item): whether the
 * service also checks unused ones is not documented, so nothing is said about them. A DataUri is the most-derived
 * one along the leaf's chain (a derived ContentDefinition that leaves DataUri out keeps its base's).
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ContentDataUri, Span, idKey } from '../../../model/policyFile';
import { EffectiveModel, LeafPlan, Reach, referencesWithin } from '../../../effective/effectiveModel';
import { CONTRACT_PAGE_LINES, LEGACY_PAGE_VERSIONS, contractVersionsText } from '../../../data/pageLayouts';
import { isPlaceholder } from './placeholders';
import { Finding, Part, partOf } from './ruleSupport';
import { quoteValue } from '../../../model/quoting';

const PREFIX = 'urn:com:microsoft:aad:b2c:elements:';
const PAGE_ID = /^urn:com:microsoft:aad:b2c:elements:(contract:)?([a-z]+):(\d+)\.(\d+)\.(\d+)$/i;

/** The effective DataUri of a content definition, where it is written. */
export interface EffectiveDataUri {
  readonly id: string;
  readonly uri: string;
  readonly value: Span;
}

/** B637 and B638 findings of one leaf (memoised per plan by the caller). */
export function judgePages(model: EffectiveModel, plan: LeafPlan): Finding[] {
  const used = usedDataUris(model, plan);
  const out: Finding[] = [];
  for (const d of used) {
    const f = judgeDataUri(d);
    if (f) out.push(f);
  }
  const script = scriptExecution(model, plan.leaf);
  if (script && script.value.value.trim() === 'Allow') {
    const plain = used.filter((d) => !isPlaceholder(d.value.value) && !/:contract:/i.test(d.value.value));
    if (plain.length) {
      const names = plain.slice(0, 4).map((d) => `${quoteValue(d.id)}`).join(', ') + (plain.length > 4 ? `, and ${plain.length - 4} more` : '');
      out.push({
        code: 'B638', parts: [partOf(script.uri, script.value), ...plain.map((d) => partOf(d.uri, d.value))],
        message: `ScriptExecution is Allow, but the journey uses content definitions whose DataUri is not a page contract (urn:com:microsoft:aad:b2c:elements:contract:...): ${names}. `
          + 'The service refuses JavaScript without page contracts ("Please use page contract in content definitions when enabling JavaScript").',
      });
    }
  }
  return out;
}

/** The leaf's effective ScriptExecution: the most-derived RelyingParty along its chain that sets one. */
function scriptExecution(model: EffectiveModel, leaf: string): { uri: string; value: Span } | undefined {
  for (const uri of model.index.chain(leaf).uris) {
    const s = model.index.get(uri)?.scriptExecution;
    if (s) return { uri, value: s };
  }
  return undefined;
}

/** The content definitions the leaf uses, with their effective DataUri, in a stable order. */
export function usedDataUris(model: EffectiveModel, plan: LeafPlan): EffectiveDataUri[] {
  const keys = new Map<string, string>();
  const add = (value: string) => {
    const v = value.trim();
    if (v && !isPlaceholder(v) && !keys.has(idKey(v))) keys.set(idKey(v), v);
  };
  for (const reach of [plan.journeyReach, plan.profileReach]) collect(model, reach, add);
  for (const merged of plan.relyingPartyProfiles.values()) {
    const m = merged.metadata.get('ContentDefinitionReferenceId');
    if (m) add(m.value.value.value);
  }
  const out: EffectiveDataUri[] = [];
  for (const [key, id] of keys) {
    const found = effectiveDataUri(model, plan.leaf, key);
    if (found) out.push({ ...found, id });
  }
  return out;
}

function collect(model: EffectiveModel, reach: Reach, add: (value: string) => void): void {
  for (const j of reach.journeys.values()) {
    for (const s of j.steps) {
      for (const ref of referencesWithin(model.index.get(s.uri), s.step.element.start, s.step.element.end)) {
        if (ref.target === 'ContentDefinition' && ref.source === 'ContentDefinitionReferenceId') add(ref.value);
      }
    }
  }
  for (const p of reach.profiles.values()) {
    if (p.fragment) continue;
    const m = p.merged.metadata.get('ContentDefinitionReferenceId');
    if (m) add(m.value.value.value);
  }
}

function effectiveDataUri(model: EffectiveModel, leaf: string, key: string): { uri: string; value: Span } | undefined {
  const defs = model.index.lookup(leaf, 'ContentDefinition', key);
  for (let i = defs.length - 1; i >= 0; i--) {
    const { uri, item } = defs[i];
    const list: readonly ContentDataUri[] = model.index.get(uri)?.contentDataUris ?? [];
    const hit = list.find((d) => d.at === item.start);
    if (hit) return { uri, value: hit.value };
  }
  return undefined;
}

/**
 * One DataUri against the documented page identifiers. A version newer than the documented ones within a known
 * line (a later patch, or a later minor version of the newest major) may have been released since: information.
 */
function judgeDataUri(d: EffectiveDataUri): Finding | undefined {
  const raw = d.value.value.trim();
  if (!raw || isPlaceholder(raw)) return undefined;
  const at: Part[] = [partOf(d.uri, d.value)];
  const m = PAGE_ID.exec(raw);
  if (!m) {
    const known = raw.toLowerCase().startsWith(PREFIX);
    return {
      code: 'B637', parts: at, severity: known ? undefined : DiagnosticSeverity.Warning,
      message: known
        ? `The DataUri ${quoteValue(raw)} of content definition ${quoteValue(d.id)} is not of the form urn:com:microsoft:aad:b2c:elements[:contract]:<page type>:<major.minor.patch>.`
        : `The DataUri ${quoteValue(raw)} of content definition ${quoteValue(d.id)} is not a page identifier (urn:com:microsoft:aad:b2c:elements:...); the service loads the page's elements from it.`,
    };
  }
  const contract = !!m[1];
  const type = m[2].toLowerCase();
  const [major, minor, patch] = [Number(m[3]), Number(m[4]), Number(m[5])];
  const version = `${major}.${minor}.${patch}`;
  if (contract) return judgeContract(d, at, type, major, minor, patch, version);
  const legacy = LEGACY_PAGE_VERSIONS[type];
  if (legacy) {
    if (legacy.includes(version)) return undefined;
    const hint = CONTRACT_PAGE_LINES[type] ? ` Page layout versions need the contract form: urn:com:microsoft:aad:b2c:elements:contract:${type}:<version> (documented: ${contractVersionsText(type)}).` : '';
    // The version is a page layout version of the contract form: writing that form is the fix the migration table describes.
    const contractForm = isDocumentedContract(type, major, minor, patch) ? `${PREFIX}contract:${type}:${version}` : undefined;
    return {
      code: 'B637', parts: at, data: contractForm ? { replaceWith: contractForm } : undefined,
      message: `${quoteValue(type)} without 'contract' has only the versions ${legacy.join(', ')}; ${version} is not one of them (content definition ${quoteValue(d.id)}).${hint}`,
    };
  }
  if (CONTRACT_PAGE_LINES[type]) {
    // Documented only in the contract form; whether the old form knows it is not documented.
    return { code: 'B637', parts: at, severity: DiagnosticSeverity.Information, message: `${quoteValue(type)} is documented only as a page contract (urn:com:microsoft:aad:b2c:elements:contract:${type}:...); this form without 'contract' is not documented (content definition ${quoteValue(d.id)}).` };
  }
  return { code: 'B637', parts: at, message: `${quoteValue(type)} is not a documented page type (content definition ${quoteValue(d.id)}); the page types are ${[...new Set([...Object.keys(CONTRACT_PAGE_LINES), ...Object.keys(LEGACY_PAGE_VERSIONS)])].sort().join(', ')}.` };
}

function isDocumentedContract(type: string, major: number, minor: number, patch: number): boolean {
  const max = CONTRACT_PAGE_LINES[type]?.[`${major}.${minor}`];
  return max !== undefined && patch <= max;
}

function judgeContract(d: EffectiveDataUri, at: Part[], type: string, major: number, minor: number, patch: number, version: string): Finding | undefined {
  const lines = CONTRACT_PAGE_LINES[type];
  if (!lines) {
    if (LEGACY_PAGE_VERSIONS[type]) {
      // idpselection: the migration table maps it to contract:providerselection; a contract form of it is not documented.
      return { code: 'B637', parts: at, severity: DiagnosticSeverity.Information, message: `${quoteValue(type)} is not documented as a page contract (content definition ${quoteValue(d.id)}); the documented contract types are ${Object.keys(CONTRACT_PAGE_LINES).sort().join(', ')}.` };
    }
    return { code: 'B637', parts: at, message: `${quoteValue(type)} is not a documented page type (content definition ${quoteValue(d.id)}); the page-contract types are ${Object.keys(CONTRACT_PAGE_LINES).sort().join(', ')}.` };
  }
  const max = lines[`${major}.${minor}`];
  const documented = contractVersionsText(type);
  if (max !== undefined) {
    if (patch <= max) return undefined;
    return { code: 'B637', parts: at, severity: DiagnosticSeverity.Information, message: `${type} ${version} is newer than the documented versions (${documented}); it is not checked (content definition ${quoteValue(d.id)}).` };
  }
  const newest = Object.keys(lines).map((l) => l.split('.').map(Number)).reduce((a, b) => (b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]) ? b : a));
  if (major === newest[0] && minor > newest[1]) {
    return { code: 'B637', parts: at, severity: DiagnosticSeverity.Information, message: `${type} ${version} is newer than the documented versions (${documented}); it is not checked (content definition ${quoteValue(d.id)}).` };
  }
  return { code: 'B637', parts: at, message: `The page contract ${type} has no version ${version} (content definition ${quoteValue(d.id)}); the documented versions are ${documented}.` };
}
