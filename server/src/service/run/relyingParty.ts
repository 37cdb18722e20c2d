/**
 * What running a relying-party file needs from the policy: its PolicyId, tenant, journey and technical profile, and
 * the claims that profile puts in the token under their JWT names (PartnerClaimType, else the ClaimType's
 * OpenIdConnect default partner claim type, else the ClaimTypeReferenceId).
 */
import { PolicyIndex } from '../index/policyIndex';
import { MergedProfile, Sourced, mergeProfile } from '../effective/mergedProfile';
import { ClaimUse, Span, idKey } from '../model/policyFile';
import { XmlDocument, XmlElement, firstChild, getAttribute, parseXml } from '../xml/parser';

export interface RelyingPartyInfo {
  readonly uri: string;
  readonly policyId?: string;
  /** The root's TenantId as written (may hold `{Settings:Tenant}` or `yourtenant`). */
  readonly tenantId?: string;
  readonly deploymentMode?: string;
  readonly journey?: string;
  readonly profileId?: string;
  readonly protocol?: string;
  /** Offsets of the `<RelyingParty` start tag, for a CodeLens. */
  readonly start: number;
  readonly end: number;
}

/** The relying party of a parsed policy file, or undefined when the file has none. */
export function findRelyingParty(uri: string, xml: XmlDocument): RelyingPartyInfo | undefined {
  const root = xml.root;
  const rp = root && firstChild(root, 'RelyingParty');
  if (!root || !rp) return undefined;
  const profile = firstChild(rp, 'TechnicalProfile');
  const protocol = profile && firstChild(profile, 'Protocol');
  return {
    uri,
    policyId: attr(root, 'PolicyId'),
    tenantId: attr(root, 'TenantId'),
    deploymentMode: attr(root, 'DeploymentMode'),
    journey: attr(firstChild(rp, 'DefaultUserJourney'), 'ReferenceId'),
    profileId: attr(profile, 'Id'),
    protocol: attr(protocol, 'Name'),
    start: rp.start,
    end: rp.startTagEnd,
  };
}

function attr(el: XmlElement | undefined, name: string): string | undefined {
  const v = el && getAttribute(el, name)?.value;
  return v === undefined ? undefined : v;
}

export interface TokenClaimSource {
  /** The name the claim has in the token. */
  readonly jwtName: string;
  /** Where the name comes from, for the report. */
  readonly nameFrom: 'PartnerClaimType' | 'DefaultPartnerClaimTypes' | 'ClaimTypeReferenceId';
  readonly outputClaim: Sourced<ClaimUse>;
}

/** Reads another file's text (open buffer or disk), for the ClaimType definitions the summary does not keep. */
export type TextOf = (uri: string) => string | undefined;

/** The relying party profile's output claims, each with its JWT claim name. */
export function tokenClaimSources(index: PolicyIndex, rp: RelyingPartyInfo, textOf: TextOf): { merged?: MergedProfile; claims: TokenClaimSource[] } {
  const merged = rp.profileId ? mergeProfile(index, rp.uri, rp.profileId) : undefined;
  if (!merged) return { claims: [] };
  const claims = merged.outputClaims.map((oc): TokenClaimSource => {
    if (oc.value.partnerClaimType) return { jwtName: oc.value.partnerClaimType, nameFrom: 'PartnerClaimType', outputClaim: oc };
    const fallback = defaultPartnerClaimType(index, rp.uri, oc.value.id, textOf);
    return fallback
      ? { jwtName: fallback, nameFrom: 'DefaultPartnerClaimTypes', outputClaim: oc }
      : { jwtName: oc.value.id.value, nameFrom: 'ClaimTypeReferenceId', outputClaim: oc };
  });
  return { merged, claims };
}

/** The OpenIdConnect partner claim type of a ClaimType, from its most derived definition that names one. */
function defaultPartnerClaimType(index: PolicyIndex, uri: string, id: Span, textOf: TextOf): string | undefined {
  const defs = index.lookup(uri, 'ClaimType', idKey(id.value));
  for (let i = defs.length - 1; i >= 0; i--) {
    const text = textOf(defs[i].uri);
    if (text === undefined) continue;
    const el = parseXml(text.slice(defs[i].item.start, defs[i].item.end)).root;
    const types = el && firstChild(el, 'DefaultPartnerClaimTypes');
    const oidc = types?.children.find((p) => p.name === 'Protocol' && getAttribute(p, 'Name')?.value === 'OpenIdConnect');
    const name = oidc && getAttribute(oidc, 'PartnerClaimType')?.value;
    if (name) return name;
  }
  return undefined;
}

/** The tenant name from a TenantId such as `contoso.onmicrosoft.com` (`contoso`). */
export function tenantName(tenantId: string): string {
  return tenantId.replace(/\.onmicrosoft\.com$/i, '');
}
