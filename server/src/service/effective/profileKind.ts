/**
 * The technical-profile kind (RESTful, OpenID Connect, self-asserted, ...) of an effective profile.
 * Always read from the merged profile: an override in an extension file usually has no Protocol of its
 * own, and the kind comes from its base or from an included profile. Here, beside the merge, so that the
 * journey model and the rules read it without importing a feature; features/shared/profileKind.ts finds the
 * profile around a cursor.
 */
import { PolicyIndex } from '../index/policyIndex';
import { MergedProfile } from './mergedProfile';
import { idKey } from '../model/policyFile';
import { ProfileKind, findKind } from '../data/metadata';

export interface KindOptions {
  /** The profile is defined under RelyingParty (relying-party kinds instead of claims-provider kinds). */
  readonly relyingParty?: boolean;
  /** A SendClaims step names the profile as its token issuer (see `issuerProfileIds`). */
  readonly usedAsIssuer?: boolean;
}

export function profileKindOf(merged: MergedProfile, options: KindOptions = {}): ProfileKind | undefined {
  return findKind(merged.protocolName?.value.value, merged.protocolHandler?.value.value, merged.outputTokenFormat?.value.value, {
    relyingParty: options.relyingParty,
    usedAsIssuer: options.usedAsIssuer,
    metadataKeys: [...merged.metadata.keys()],
    keyIds: [...merged.keys.values()].flatMap((k) => k.value.id ? [k.value.id.value] : []),
  });
}

/** Attributes that name the technical profile minting the relying party's token. */
const ISSUER_ATTRIBUTES: ReadonlySet<string> = new Set(['CpimIssuerTechnicalProfileReferenceId', 'DefaultCpimIssuerTechnicalProfileReferenceId']);

/**
 * Lower-cased Ids of the profiles that a journey in `uri`'s chain or in a file deriving from it names as its
 * token issuer. A base usually names its JwtIssuer in its own journeys; relying-party files may add others.
 */
export function issuerProfileIds(index: PolicyIndex, uri: string): Set<string> {
  const out = new Set<string>();
  for (const u of [...index.chain(uri).uris, ...index.dependentsOf(uri)]) {
    for (const r of index.get(u)?.references ?? []) if (ISSUER_ATTRIBUTES.has(r.source)) out.add(idKey(r.value));
  }
  return out;
}
