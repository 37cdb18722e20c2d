/**
 * What the rule families share: findings that name the parts they come from, and the policy for where a
 * finding is reported. Rules judge the merged profile (or journey) as seen from the most-derived file that
 * redefines it; a finding is reported by the most-derived file among the parts it names (a problem made
 * entirely in a base is reported there), or, when it names no part (something is missing), by the most-derived
 * definition, which is where the combination is completed. It lands on the part if that is in the reporting
 * file, else on the Id of that file's definition.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { Definition, PolicyFile, lookupKey } from '../../model/policyFile';
import { DefinitionKind } from '../../model/referenceKinds';
import { CODES } from '../codes';
import type { ValidationContext } from '../diagnostics';

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

/**
 * The files whose view decides a definition's merged form: the most-derived files that redefine it
 * (dependents of `uri` defining the same key, with no further redefinition below them), else `uri` itself.
 */
export function leafViews(index: PolicyIndex, uri: string, kind: DefinitionKind, key: string): string[] {
  const k = lookupKey(kind, key);
  const redefining = index.dependentsOf(uri).filter((u) => index.get(u)?.defsByKey.has(k));
  const leaves = redefining.filter((u) => !index.dependentsOf(u).some((d) => redefining.includes(d)));
  return leaves.length ? leaves : [uri];
}

/** The file that reports a finding seen from `view`: the most-derived file among its parts, else the view. */
export function responsibleFile(index: PolicyIndex, view: string, parts: readonly Part[]): string {
  const chain = index.chain(view).uris;
  let best = -1;
  for (const p of parts) {
    const i = chain.indexOf(p.uri);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best < 0 ? view : chain[best];
}

/** Turns findings into this file's diagnostics, dropping those another file reports and duplicates. */
export class Reporter {
  private readonly seen = new Set<string>();
  readonly out: Diagnostic[] = [];

  constructor(private readonly ctx: ValidationContext) {}

  report(view: string, definition: Definition, findings: readonly Finding[]): void {
    const file = this.ctx.file;
    for (const f of findings) {
      if (responsibleFile(this.ctx.index, view, f.parts) !== file.uri) continue;
      const at = f.parts.find((p) => p.uri === file.uri) ?? { start: definition.idStart, end: definition.idEnd };
      const key = `${f.code}|${at.start}|${at.end}|${f.message}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.out.push(diagnostic(file, at.start, at.end, f));
    }
  }
}

function diagnostic(file: PolicyFile, start: number, end: number, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: file.lines.range(start, end), severity: f.severity ?? CODES[f.code]?.severity ?? DiagnosticSeverity.Error,
    code: f.code, source: 'b2c', message: f.message,
  };
  if (f.data !== undefined) d.data = f.data;
  return d;
}

/** Merged checks need the real chain: with a missing, ambiguous or looping base the merge is a guess. */
export function chainIsKnown(index: PolicyIndex, uri: string): boolean {
  const status = index.chain(uri).status;
  return status === 'root' || status === 'complete';
}

/** Production unless the policy (or, when it says nothing, the settings) says Development. */
export function isProduction(ctx: ValidationContext, uri: string): boolean {
  const mode = ctx.index.get(uri)?.deploymentMode?.value ?? ctx.options.defaultDeploymentMode ?? 'Production';
  return mode.toLowerCase() !== 'development';
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

/** The closest candidate within a distance that still looks like a typo, compared ignoring case. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 4));
  let best: string | undefined, bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return bestDistance <= limit ? best : undefined;
}

export function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
