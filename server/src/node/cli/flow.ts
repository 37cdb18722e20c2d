/**
 * The flow command: `b2c-policy flow <claim> <relying-party file> [paths...]` traces one claim along the
 * relying party's merged journey (journey/claimTrace.ts): each step that produces or consumes it, with the
 * profile and the part (OutputClaim, InputClaim, a transformation, a precondition...), whether it holds a
 * value before the step, whether it comes in the request and goes into the token, and the claim-flow
 * findings about it.
 */
import { PolicyIndex } from '../../service/languageService';
import { claimFlow } from '../../service/journey/claimFlow';
import { summarizeTrace, traceClaim } from '../../service/journey/claimTrace';
import { displayPath } from './check';

export interface FlowReport {
  readonly text: string;
  /** False when the file is not a relying party with a known chain. */
  readonly ok: boolean;
}

export function formatFlow(index: PolicyIndex, uri: string, claim: string, cwd: string): FlowReport {
  const flow = claimFlow(index, uri);
  if (!flow) return { ok: false, text: `${displayPath(uri, cwd)} is not a relying party whose chain is complete: no journey to trace.\n` };
  const t = traceClaim(flow, claim);
  const m = flow.model;
  const lines = [`${claim} in ${t.policyId ?? displayPath(uri, cwd)}${t.journeyId ? ` (journey ${t.journeyId})` : ' (no default journey)'}`];
  const rows: string[][] = [];
  if (t.fromRequest) rows.push(['request', '', 'produces', 'relying party InputClaim', '']);
  for (const e of t.events) {
    const where = e.at ? `${displayPath(e.at.uri, cwd)}:${e.at.range.start.line + 1}` : '';
    // A validation profile's part is named after the profile already: `ValidationTechnicalProfile:X/OutputClaim` → `validation OutputClaim`.
    const via = e.via.startsWith('ValidationTechnicalProfile:') ? 'validation ' + e.via.slice(e.via.indexOf('/') + 1) : e.via;
    rows.push([`step ${e.label}`, e.stepType, e.role, `${e.profileId ?? ''} (${via})`.trim(), `before: ${e.before ?? 'absent'}`, where]);
  }
  if (t.token) rows.push(['token', '', 'consumes', t.token.defaultValue ? 'relying party OutputClaim (DefaultValue)' : 'relying party OutputClaim', '']);
  const widths = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[]);
  for (const r of rows) lines.push('  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
  if (!rows.length) lines.push('  no step of the journey reads or writes this claim');
  lines.push(`summary: ${summarizeTrace(t)}`);
  for (const f of m.findings.filter((x) => x.claim?.toLowerCase() === claim.toLowerCase())) {
    lines.push(`${f.code}: ${f.message} (${displayPath(f.at.uri, cwd)}:${f.at.range.start.line + 1})`);
  }
  if (m.journey && !m.journey.complete) lines.push('note: a step of the journey does not resolve in full; what it produces is unknown.');
  return { ok: true, text: lines.join('\n') + '\n' };
}
