/**
 * The merged technical profile around a cursor, with its kind (see effective/profileKind.ts, which this
 * re-exports for the features that import it from here).
 */
import { PolicyIndex } from '../../index/policyIndex';
import { MergedProfile, profileAt } from '../../effective/mergedProfile';
import { issuerProfileIds, profileKindOf } from '../../effective/profileKind';
import { Definition, idKey } from '../../model/policyFile';
import { ProfileKind } from '../../data/metadata';
import { XmlDocument } from '../../xml/parser';
import { elementStartingAt } from './schemaCursor';

export { issuerProfileIds, profileKindOf } from '../../effective/profileKind';
export type { KindOptions } from '../../effective/profileKind';

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
