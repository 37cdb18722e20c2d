/**
 * The technical-profile kind (RESTful, OpenID Connect, self-asserted, ...) of an effective profile.
 * Always read from the merged profile: an override in an extension file usually has no Protocol of its
 * own, and the kind comes from its base or from an included profile.
 */
import { PolicyIndex } from '../index/policyIndex';
import { MergedProfile, profileAt } from '../effective/mergedProfile';
import { Definition } from '../model/policyFile';
import { ProfileKind, findKind } from '../data/metadata';
import { XmlDocument } from '../xml/parser';
import { elementStartingAt } from './schemaCursor';

export interface KindOptions {
  /** The profile is defined under RelyingParty (relying-party kinds instead of claims-provider kinds). */
  readonly relyingParty?: boolean;
}

export function profileKindOf(merged: MergedProfile, options: KindOptions = {}): ProfileKind | undefined {
  return findKind(merged.protocolName?.value.value, merged.protocolHandler?.value.value, merged.outputTokenFormat?.value.value, {
    relyingParty: options.relyingParty,
    metadataKeys: [...merged.metadata.keys()],
  });
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
  return { ...at, kind: profileKindOf(at.merged, { relyingParty }) };
}
