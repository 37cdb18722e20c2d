/**
 * The inspection of a decoded token, as a report: times as dates and whether the token is valid now, the policy and
 * scopes it names, what each claim means, and (given the relying party) which OutputClaim produced each claim and
 * which output claims the token lacks. `formatTokenReport` renders it as text with links from claim names to their
 * OutputClaims, for the CLI and for the editor's read-only document.
 */
import { DecodedJwt } from './jwt';
import { RelyingPartyInfo, TokenClaimSource } from './relyingParty';

export type Validity = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry';

export interface ClaimLine {
  readonly name: string;
  readonly value: unknown;
  /** What a standard claim means, in our words. */
  readonly meaning?: string;
  readonly source?: TokenClaimSource;
}

export interface TokenReport {
  readonly header: Readonly<Record<string, unknown>>;
  readonly now: Date;
  readonly validity: Validity;
  readonly times: ReadonlyArray<{ readonly name: 'iat' | 'nbf' | 'exp' | 'auth_time'; readonly date: Date }>;
  readonly policy?: { readonly id: string; readonly claim: 'tfp' | 'acr' };
  readonly scopes?: readonly string[];
  readonly claims: readonly ClaimLine[];
  /** Set when a relying party was given. */
  readonly relyingParty?: RelyingPartyInfo;
  readonly missing: readonly TokenClaimSource[];
  readonly notes: readonly string[];
}

const STANDARD: Record<string, string> = {
  iss: 'issuer (its form follows the issuer profile\'s IssuanceClaimPattern)',
  sub: 'subject: the user the token is about (see SubjectNamingInfo)',
  aud: 'audience: the client id the token is for',
  exp: 'expiry time',
  nbf: 'not valid before',
  iat: 'issued at',
  auth_time: 'when the user last entered credentials',
  nonce: 'the request\'s nonce, echoed back against replays',
  ver: 'token format version',
  tfp: 'the policy that issued the token',
  acr: 'the policy that issued the token (the issuer profile sets AuthenticationContextReferenceClaimPattern to PolicyId)',
  scp: 'scopes granted to the client (access tokens); only those granted are listed',
  azp: 'the client id of the app that requested the token',
  at_hash: 'hash of the access token issued with this ID token',
  c_hash: 'hash of the authorization code issued with this ID token',
  oid: 'object id of the user in the directory',
  tid: 'tenant id',
  idp: 'identity provider the user signed in with',
  name: 'display name',
  emails: 'email addresses',
};

const TIME_CLAIMS = ['iat', 'nbf', 'exp', 'auth_time'] as const;

export function inspectToken(jwt: DecodedJwt, now: Date, relyingParty?: RelyingPartyInfo, sources: readonly TokenClaimSource[] = []): TokenReport {
  const p = jwt.payload;
  const times = TIME_CLAIMS.filter((n) => typeof p[n] === 'number').map((name) => ({ name, date: new Date((p[name] as number) * 1000) }));
  const byName = new Map(sources.map((s) => [s.jwtName, s]));
  const claims = Object.entries(p).map(([name, value]): ClaimLine => ({ name, value, meaning: STANDARD[name], source: byName.get(name) }));
  const missing = relyingParty ? sources.filter((s) => !(s.jwtName in p)) : [];
  const policyClaim: 'tfp' | 'acr' | undefined = typeof p.tfp === 'string' ? 'tfp' : typeof p.acr === 'string' ? 'acr' : undefined;
  const policy: TokenReport['policy'] = policyClaim && { id: p[policyClaim] as string, claim: policyClaim };
  return {
    header: jwt.header, now, validity: validity(p, now), times, policy,
    scopes: typeof p.scp === 'string' ? p.scp.split(' ').filter(Boolean) : undefined,
    claims, relyingParty, missing, notes: notesFor(jwt, policy, relyingParty),
  };
}

function validity(p: Readonly<Record<string, unknown>>, now: Date): Validity {
  const t = now.getTime() / 1000;
  if (typeof p.nbf === 'number' && t < p.nbf) return 'not-yet-valid';
  if (typeof p.exp !== 'number') return 'no-expiry';
  return t >= p.exp ? 'expired' : 'valid';
}

function notesFor(jwt: DecodedJwt, policy: TokenReport['policy'], rp: RelyingPartyInfo | undefined): string[] {
  const notes: string[] = [];
  if (!jwt.signature || String(jwt.header.alg).toLowerCase() === 'none') notes.push('The token carries no signature: no B2C policy issues unsigned tokens.');
  if (rp && policy && rp.policyId && policy.id.toLowerCase() !== rp.policyId.toLowerCase()) {
    notes.push(`The token was issued by ${policy.id}, not by ${rp.policyId}: the mapping below may not apply.`);
  }
  if (rp && rp.protocol && rp.protocol !== 'OpenIdConnect') notes.push(`The relying party's protocol is ${rp.protocol}: it issues no JWT.`);
  return notes;
}

export interface ReportLink {
  /** Offsets in the report text. */
  readonly start: number;
  readonly end: number;
  readonly targetUri: string;
  /** Offsets in the target file (the OutputClaim's ClaimTypeReferenceId value). */
  readonly targetStart: number;
  readonly targetEnd: number;
}

export interface FormattedReport {
  readonly text: string;
  readonly links: readonly ReportLink[];
}

/** `where(uri, offset)` renders a location such as `SignUpOrSignin.xml:27`. */
export function formatTokenReport(r: TokenReport, where: (uri: string, offset: number) => string): FormattedReport {
  const out = new ReportWriter();
  out.line('Signature: NOT CHECKED. This is an offline decode: the token was not verified and was sent nowhere.');
  out.line('');
  out.line(`Header: ${Object.entries(r.header).map(([k, v]) => `${k}=${display(v)}`).join(', ')}`);
  out.line(`Now: ${iso(r.now)}`);
  for (const t of r.times) out.line(`  ${t.name.padEnd(9)} ${iso(t.date)}  (${relative(t.date, r.now)})`);
  out.line(`Status: ${STATUS[r.validity]}`);
  if (r.policy) out.line(`Policy: ${r.policy.id} (from ${r.policy.claim})`);
  if (r.scopes) out.line(`Scopes granted: ${r.scopes.join(' ') || '(none)'}`);
  for (const n of r.notes) out.line(`Note: ${n}`);
  out.line('');
  const rp = r.relyingParty;
  out.line(rp ? `Claims (mapped to ${rp.policyId ?? 'the relying party'}, technical profile ${rp.profileId ?? '?'}):` : 'Claims:');
  const width = Math.min(24, Math.max(...r.claims.map((c) => c.name.length), 3));
  for (const c of r.claims) writeClaim(out, c, width, !!rp, where);
  if (rp) {
    out.line('');
    if (!r.missing.length) out.line('Every output claim of the relying party is in the token.');
    else {
      out.line('Output claims not in the token (B2C leaves out a claim that has no value when the journey ends):');
      const pad = Math.max(...r.missing.map((m) => m.jwtName.length));
      for (const m of r.missing) {
        out.text(`  ${m.jwtName}`, m);
        out.line(`${' '.repeat(pad - m.jwtName.length + 2)}from OutputClaim ${m.outputClaim.value.id.value} at ${where(m.outputClaim.uri, m.outputClaim.value.id.start)}`);
      }
    }
  }
  return { text: out.result, links: out.links };
}

function writeClaim(out: ReportWriter, c: ClaimLine, width: number, mapping: boolean, where: (uri: string, offset: number) => string): void {
  out.text(`  ${c.name}`, c.source);
  out.text(' '.repeat(Math.max(1, width - c.name.length + 2)) + display(c.value));
  if (c.source) {
    const oc = c.source.outputClaim;
    const how = c.source.nameFrom === 'PartnerClaimType' ? ` (PartnerClaimType ${c.source.jwtName})`
      : c.source.nameFrom === 'DefaultPartnerClaimTypes' ? ' (DefaultPartnerClaimTypes)' : '';
    out.line(`  <- OutputClaim ${oc.value.id.value}${how} at ${where(oc.uri, oc.value.id.start)}`);
  } else if (c.meaning) out.line(`  -- ${c.meaning}`);
  else out.line(mapping ? '  -- not an output claim of this relying party' : '');
}

const STATUS: Record<Validity, string> = {
  valid: 'valid now (by its times; the signature was not checked)',
  expired: 'EXPIRED',
  'not-yet-valid': 'NOT YET VALID (nbf is in the future)',
  'no-expiry': 'no exp claim: the token never expires by its own account',
};

function display(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function iso(d: Date): string {
  return isNaN(d.getTime()) ? '(invalid date)' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "in 59 min", "3 h 2 min ago". */
export function relative(d: Date, now: Date): string {
  const s = Math.round((d.getTime() - now.getTime()) / 1000);
  if (s === 0) return 'now';
  const a = Math.abs(s);
  const days = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600), m = Math.floor((a % 3600) / 60);
  const parts = days ? [`${days} d`, h ? `${h} h` : ''] : h ? [`${h} h`, m ? `${m} min` : ''] : m ? [`${m} min`] : [`${a} s`];
  const span = parts.filter(Boolean).join(' ');
  return s > 0 ? `in ${span}` : `${span} ago`;
}

class ReportWriter {
  result = '';
  readonly links: ReportLink[] = [];

  text(s: string, link?: TokenClaimSource): void {
    if (link) {
      const name = s.trimStart();
      const start = this.result.length + (s.length - name.length);
      const id = link.outputClaim.value.id;
      this.links.push({ start, end: start + name.length, targetUri: link.outputClaim.uri, targetStart: id.start, targetEnd: id.end });
    }
    this.result += s;
  }

  line(s: string): void {
    this.result += s.replace(/\s+$/, '') + '\n';
  }
}
