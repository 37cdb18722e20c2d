/**
 * What the rule families share: findings that name the parts they come from, where a finding is placed,
 * and the context a rule reads. Rules judge merged profiles and journeys as a relying party (a leaf) runs
 * them (see rules/leafJudge.ts). A finding lands on the most-derived of the parts it names in that leaf's
 * chain (where a fix would go); when it names no part (something is missing), on the Id of the
 * most-derived definition of the element it judges.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../../index/policyIndex';
import { PolicyFile } from '../../../model/policyFile';
import { CODES } from '../../../messages/codes';
import type { ValidationOptions } from '../types';

/** What a rule may read: the index, the options, and the file that holds the definition it judges. */
export interface RuleContext {
  readonly file: PolicyFile;
  readonly index: PolicyIndex;
  readonly options: ValidationOptions;
  /** The DeploymentMode of the relying party being judged ('unknown' for a build placeholder), when known. */
  readonly mode?: 'Production' | 'Development' | 'unknown';
}

/** Where something is written. */
export interface Part {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
}

export interface Finding {
  readonly code: string;
  readonly message: string;
  /** The parts the problem is made of, the one to point at first. */
  readonly parts: readonly Part[];
  readonly severity?: DiagnosticSeverity;
  /** Carried to code actions (quick fixes). */
  readonly data?: unknown;
}

export function partOf(uri: string, span: { start: number; end: number }): Part {
  return { uri, start: span.start, end: span.end };
}

/** The part a finding seen from `chain` (leaf first) is reported on: the most-derived of its parts, else `fallback`. */
export function placeFinding(chain: readonly string[], parts: readonly Part[], fallback: Part): Part {
  let best: Part | undefined, bestIndex = Infinity;
  for (const p of parts) {
    const i = chain.indexOf(p.uri);
    if (i >= 0 && i < bestIndex) { best = p; bestIndex = i; }
  }
  return best ?? fallback;
}

export function toDiagnostic(file: PolicyFile, start: number, end: number, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: file.lines.range(start, end), severity: f.severity ?? CODES[f.code]?.severity ?? DiagnosticSeverity.Error,
    code: f.code, source: 'b2c', message: f.message,
  };
  if (f.data !== undefined) d.data = f.data;
  return d;
}

/**
 * The DeploymentMode of a policy: the file's own attribute, else the settings' default, else B2C's
 * default (Production). Undefined when the attribute is a build placeholder: the mode is not known here.
 */
export function deploymentMode(ctx: RuleContext, uri: string): 'Production' | 'Development' | undefined {
  if (ctx.mode) return ctx.mode === 'unknown' ? undefined : ctx.mode;
  const raw = ctx.index.get(uri)?.deploymentMode?.value ?? ctx.options.defaultDeploymentMode ?? 'Production';
  // A build placeholder ({Settings:DeploymentMode}): only the build knows the mode.
  if (/\{[^{}\s][^{}]*\}/.test(raw)) return undefined;
  return raw.trim().toLowerCase() === 'development' ? 'Development' : 'Production';
}

/** True only when the policy is known to run in Production mode (a placeholder mode is not judged). */
export function isProduction(ctx: RuleContext, uri: string): boolean {
  return deploymentMode(ctx, uri) === 'Production';
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The closest candidate within a distance that still looks like a typo, compared ignoring case. Answers are
 * remembered per candidate list (the lists are the static facts of data/metadata.ts), a bounded number each.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let answers = NEAREST.get(candidates);
  if (!answers) NEAREST.set(candidates, answers = new Map());
  if (answers.has(word)) return answers.get(word);
  if (answers.size >= 2000) answers.clear();
  const found = computeNearest(word, candidates);
  answers.set(word, found);
  return found;
}

const NEAREST = new WeakMap<readonly string[], Map<string, string | undefined>>();

function computeNearest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 4));
  const w = word.toLowerCase();
  let best: string | undefined, bestDistance = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: most candidates are ruled out without the table.
    if (Math.abs(c.length - w.length) > Math.min(limit, bestDistance)) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return bestDistance <= limit ? best : undefined;
}

export function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
