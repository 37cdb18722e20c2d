/**
 * The effective technical profile as B2C sees it from one file: the policy chain is merged first (the
 * profile's definitions along the chain, base first, overrides after), and only then is
 * IncludeTechnicalProfile resolved, on the merged policy. So an override of an included profile in a
 * derived file counts for every profile that includes it, and the including profile's own parts win over
 * what it includes. Every part remembers the file it came from. Completion, hover and rules all read
 * profiles through this.
 */
import { PolicyIndex } from '../index/policyIndex';
import { ClaimUse, Definition, KeyInfo, MetadataItem, ProfileInfo, Span, ValidationInfo, idKey } from '../model/policyFile';

export interface Sourced<T> {
  readonly uri: string;
  /** The Id of the profile that contributed it (differs from the merged Id for included profiles). */
  readonly profileId: string;
  readonly value: T;
}

export interface MergedProfile {
  readonly id: string;
  /** The profile's own definitions along the chain, base-most first (not the included ones). */
  readonly definitions: ReadonlyArray<{ readonly uri: string; readonly definition: Definition }>;
  readonly protocolName?: Sourced<Span>;
  readonly protocolHandler?: Sourced<Span>;
  /** Handler before the first comma, e.g. `Web.TPEngine.Providers.RestfulProvider`. */
  readonly handlerShort?: string;
  readonly outputTokenFormat?: Sourced<Span>;
  /** Effective Metadata by exact key; a later definition overrides an earlier one. */
  readonly metadata: ReadonlyMap<string, Sourced<MetadataItem>>;
  /** Effective CryptographicKeys by lower-cased Id. */
  readonly keys: ReadonlyMap<string, Sourced<KeyInfo>>;
  readonly inputClaims: ReadonlyArray<Sourced<ClaimUse>>;
  readonly outputClaims: ReadonlyArray<Sourced<ClaimUse>>;
  readonly persistedClaims: ReadonlyArray<Sourced<ClaimUse>>;
  readonly displayClaims: ReadonlyArray<Sourced<ClaimUse>>;
  /**
   * InputClaimsTransformations / OutputClaimsTransformations by ReferenceId, merged like the claims: a later
   * part naming the same transformation replaces it in place, new ones are appended.
   */
  readonly inputTransformations: ReadonlyArray<Sourced<Span>>;
  readonly outputTransformations: ReadonlyArray<Sourced<Span>>;
  /** ValidationTechnicalProfiles by ReferenceId, merged the same way. */
  readonly validations: ReadonlyArray<Sourced<ValidationInfo>>;
  /** DisplayClaims that name a display control, by DisplayControlReferenceId. */
  readonly displayControls: ReadonlyArray<Sourced<Span>>;
  /** UseTechnicalProfileForSessionManagement: the last part that names one wins. */
  readonly sessionManagement?: Sourced<Span>;
  /** SubjectNamingInfo/@ClaimType of a relying-party profile. */
  readonly subjectNamingInfo?: Sourced<Span>;
  /** EnabledForUserJourneys: the last part that says wins. */
  readonly enabledForUserJourneys?: Sourced<Span>;
  /** Profiles pulled in through IncludeTechnicalProfile, transitively, in merge order. */
  readonly included: readonly string[];
  /** Included profile Ids that do not resolve. */
  readonly missingIncludes: readonly string[];
}

type Builder = {
  -readonly [K in keyof MergedProfile]: MergedProfile[K] extends ReadonlyMap<infer A, infer B> ? Map<A, B>
    : MergedProfile[K] extends ReadonlyArray<infer E> ? E[] : MergedProfile[K];
};

/** Merges the technical profile `id` as seen from the file `uri`; undefined when no definition is visible. */
export function mergeProfile(index: PolicyIndex, uri: string, id: string): MergedProfile | undefined {
  const defs = index.lookup(uri, 'TechnicalProfile', idKey(id));
  if (!defs.length) return undefined;
  const b: Builder = {
    id: defs[0].item.id, definitions: defs.map((d) => ({ uri: d.uri, definition: d.item })),
    metadata: new Map(), keys: new Map(), inputClaims: [], outputClaims: [], persistedClaims: [], displayClaims: [],
    inputTransformations: [], outputTransformations: [], validations: [], displayControls: [],
    included: [], missingIncludes: [],
  };
  applyProfile(index, uri, idKey(id), b, new Set());
  return b;
}

/**
 * Applies the profile `key` as merged from `viewpoint`: first what its definitions include (each included
 * profile merged the same way, transitively), then its own definitions in chain order.
 */
function applyProfile(index: PolicyIndex, viewpoint: string, key: string, b: Builder, visiting: Set<string>): void {
  if (visiting.has(key)) return;
  visiting.add(key);
  const defs = index.lookup(viewpoint, 'TechnicalProfile', key);
  for (const { item } of defs) {
    const info = item.detail?.type === 'profile' ? item.detail : undefined;
    for (const inc of info?.includes ?? []) {
      const incKey = idKey(inc.value);
      if (!index.lookup(viewpoint, 'TechnicalProfile', incKey).length) {
        if (!b.missingIncludes.includes(inc.value)) b.missingIncludes.push(inc.value);
        continue;
      }
      if (!visiting.has(incKey) && !b.included.includes(inc.value)) b.included.push(inc.value);
      applyProfile(index, viewpoint, incKey, b, visiting);
    }
  }
  for (const { uri, item } of defs) if (item.detail?.type === 'profile') applyParts(b, uri, item.id, item.detail);
  visiting.delete(key);
}

function applyParts(b: Builder, uri: string, profileId: string, info: ProfileInfo): void {
  const src = <T>(value: T): Sourced<T> => ({ uri, profileId, value });
  if (info.protocolName) b.protocolName = src(info.protocolName);
  if (info.protocolHandler) {
    b.protocolHandler = src(info.protocolHandler);
    b.handlerShort = info.protocolHandler.value.split(',')[0].trim();
  }
  if (info.outputTokenFormat) b.outputTokenFormat = src(info.outputTokenFormat);
  for (const m of info.metadata) b.metadata.set(m.key.value, src(m));
  for (const k of info.keys) if (k.id) b.keys.set(k.id.value.toLowerCase(), src(k));
  mergeClaims(b.inputClaims, info.inputClaims, src);
  mergeClaims(b.outputClaims, info.outputClaims, src);
  mergeClaims(b.persistedClaims, info.persistedClaims, src);
  mergeClaims(b.displayClaims, info.displayClaims, src);
  mergeBy(b.inputTransformations, info.inputTransformations, (t) => t.value, src);
  mergeBy(b.outputTransformations, info.outputTransformations, (t) => t.value, src);
  mergeBy(b.validations, info.validations, (v) => v.id.value, src);
  mergeBy(b.displayControls, info.displayControls, (t) => t.value, src);
  if (info.sessionManagement) b.sessionManagement = src(info.sessionManagement);
  if (info.subjectNamingInfo) b.subjectNamingInfo = src(info.subjectNamingInfo);
  if (info.enabledForUserJourneys) b.enabledForUserJourneys = src(info.enabledForUserJourneys);
}

/** Merges a list keyed case-insensitively by `keyOf`: the same key replaces in place, a new one is appended. */
function mergeBy<T>(into: Sourced<T>[], from: readonly T[], keyOf: (t: T) => string, src: (t: T) => Sourced<T>): void {
  for (const t of from) {
    const k = keyOf(t).toLowerCase();
    const at = into.findIndex((x) => keyOf(x.value).toLowerCase() === k);
    if (at >= 0) into[at] = src(t);
    else into.push(src(t));
  }
}

function mergeClaims(into: Sourced<ClaimUse>[], from: readonly ClaimUse[], src: (c: ClaimUse) => Sourced<ClaimUse>): void {
  for (const c of from) {
    const k = c.id.value.toLowerCase();
    const at = into.findIndex((x) => x.value.id.value.toLowerCase() === k);
    if (at >= 0) into[at] = src(c);
    else into.push(src(c));
  }
}

/** The merged profile that contains an offset of a file, if the offset is inside a TechnicalProfile definition. */
export function profileAt(index: PolicyIndex, uri: string, offset: number): { merged: MergedProfile; definition: Definition } | undefined {
  const file = index.get(uri);
  if (!file) return undefined;
  let best: Definition | undefined;
  for (const d of file.definitions) {
    if (d.kind === 'TechnicalProfile' && d.start <= offset && offset <= d.end && (!best || d.start > best.start)) best = d;
  }
  if (!best) return undefined;
  const merged = mergeProfile(index, uri, best.id);
  return merged && { merged, definition: best };
}
