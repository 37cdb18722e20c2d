/**
 * The technical-profile kind (RESTful, OpenID Connect, self-asserted, ...) of an effective profile.
 * Always read from the merged profile: an override in an extension file usually has no Protocol of its
 * own, and the kind comes from its base or from an included profile.
 */
import { PolicyIndex } from '../index/policyIndex';
import { MergedProfile, profileAt } from '../effective/mergedProfile';
import { Definition, idKey } from '../model/policyFile';
import { ProfileKind, findKind } from '../data/metadata';
import { XmlDocument } from '../xml/parser';
import { elementStartingAt } from './schemaCursor';

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

export interface ProfileHere {
  readonly merged: MergedProfile;
  readonly definition: Definition;
  readonly kind: ProfileKind | undefined;
}

/** The merged technical profile around an offset of a parsed document, with its kind. */
export function profileHere(index: PolicyIndex, uri: string, xml: XmlDocument, offset: number): ProfileHere | undefined {
  const at = profileAt(index, uri, offset);
  if (!at) return undefined;
  const relyingParty = elementStartingAt(xml.root, at.definition.start)?.parent?.name === 'RelyingParty';
  const usedAsIssuer = issuerProfileIds(index, uri).has(idKey(at.definition.id));
  return { ...at, kind: profileKindOf(at.merged, { relyingParty, usedAsIssuer }) };
}
