/**
 * The merged policies that relying parties run. A leaf is a policy file with a RelyingParty element; what
 * B2C judges beyond attribute references (required Metadata and keys, kinds, journeys, claim flow) it judges
 * on the leaf's whole chain merged. This model gives, per leaf: the merged technical profiles and journeys,
 * and what the leaf can reach from its DefaultUserJourney and its relying-party profile.
 *
 * Merged views are shared along chain prefixes: a file that redefines none of the parts of a profile (or a
 * journey) sees exactly what its parent sees, so twenty relying parties on one extensions file share one
 * merge of each profile. The model is immutable for one index revision and option set; `effectiveModel`
 * hands out the same instance until either changes.
 */
import { Located, PolicyIndex } from '../index/policyIndex';
import { Definition, PolicyFile, Reference, StepInfo, idKey } from '../model/policyFile';
import { TargetKind } from '../model/referenceKinds';
import { MergedProfile, mergeProfile } from './mergedProfile';

export type JourneyKind = 'UserJourney' | 'SubJourney';

export interface MergedStep {
  readonly uri: string;
  readonly order: number;
  readonly step: StepInfo;
}

export interface MergedJourney {
  readonly id: string;
  readonly kind: JourneyKind;
  readonly key: string;
  /** Its definitions along the chain, base-most first. */
  readonly definitions: readonly Located<Definition>[];
  /** Steps merged by Order (a derived file's step replaces the base's step of the same Order), sorted. */
  readonly steps: readonly MergedStep[];
}

export interface ReachedProfile {
  readonly merged: MergedProfile;
  /** Defined under the leaf's RelyingParty element. */
  readonly relyingParty: boolean;
  /** Reached only through IncludeTechnicalProfile: a part of other profiles, not a profile that runs. */
  readonly fragment: boolean;
  /** Named by a SendClaims step's CpimIssuerTechnicalProfileReferenceId: the token issuer. */
  readonly issuer?: boolean;
}

/** What is reached from some roots, in one view. */
export interface Reach {
  /** The file whose merged view the elements are taken from. */
  readonly view: string;
  /** By lower-cased Id. */
  readonly profiles: ReadonlyMap<string, ReachedProfile>;
  /** By `kind/key`. */
  readonly journeys: ReadonlyMap<string, MergedJourney>;
  /** `kind/key` of every element reached (fragments excluded), for telling which leaves a finding concerns. */
  readonly subjects: ReadonlySet<string>;
}

/**
 * How a leaf is judged: its relying-party profiles in its own view, and everything its default journey
 * reaches in `view`. A leaf that defines nothing outside its RelyingParty element sees exactly what its
 * parent sees, so its journey is judged in the parent's view, shared with every such sibling.
 */
export interface LeafPlan {
  readonly leaf: string;
  readonly view: string;
  readonly defaultJourney?: MergedJourney;
  /** Reached from the default journey (and anything else the RelyingParty element names outside its profiles). */
  readonly journeyReach: Reach;
  /** The relying-party technical profiles, by lower-cased Id, merged in the leaf's own view. */
  readonly relyingPartyProfiles: ReadonlyMap<string, MergedProfile>;
  /** Reached from the relying-party profiles (in the leaf's view), beyond the journey's reach. */
  readonly profileReach: Reach;
}

export function subjectKey(kind: TargetKind, key: string): string {
  return kind + '/' + key;
}

/** A step's Order as a positive integer, or undefined. */
export function orderOf(step: StepInfo): number | undefined {
  const v = step.order?.value.trim();
  return v && /^\d+$/.test(v) && Number(v) >= 1 ? Number(v) : undefined;
}

/** References of a file that lie inside [start, end), by binary search over the sorted list. */
export function referencesWithin(file: PolicyFile | undefined, start: number, end: number): Reference[] {
  if (!file) return [];
  const refs = file.references;
  let lo = 0, hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  const out: Reference[] = [];
  for (let i = lo; i < refs.length && refs[i].start < end; i++) out.push(refs[i]);
  return out;
}

/** Merged views only make sense on a real chain: with a missing, ambiguous or looping base the merge is a guess. */
export function chainIsKnown(index: PolicyIndex, uri: string): boolean {
  const status = index.chain(uri).status;
  return status === 'root' || status === 'complete';
}

const MODELS = new WeakMap<PolicyIndex, { revision: number; generation: number; models: Map<unknown, EffectiveModel> }>();

/**
 * The model for the index as it is now; the same instance while the index and `cacheKey` are unchanged. A few
 * keys are held at once, so that diagnostics (keyed by the default DeploymentMode) and hover or the journey view
 * (which pass no key) do not throw each other's model away.
 */
export function effectiveModel(index: PolicyIndex, cacheKey?: unknown): EffectiveModel {
  let held = MODELS.get(index);
  if (!held || held.revision !== index.revision || held.generation !== index.generation) {
    MODELS.set(index, held = { revision: index.revision, generation: index.generation, models: new Map() });
  }
  let model = held.models.get(cacheKey);
  if (!model) {
    if (held.models.size >= 4) held.models.clear();
    held.models.set(cacheKey, model = new EffectiveModel(index));
  }
  return model;
}

export class EffectiveModel {
  private leafList: string[] | undefined;
  private readonly profileViews = new Map<string, Map<string, MergedProfile | undefined>>();
  private readonly journeyViews = new Map<string, Map<string, MergedJourney | undefined>>();
  private readonly reaches = new Map<string, Reach>();
  private readonly plans = new Map<string, LeafPlan | undefined>();
  private readonly memos = new Map<string, WeakMap<object, unknown>>();

  constructor(readonly index: PolicyIndex) {}

  /** Every leaf whose chain is known, sorted. */
  leaves(): readonly string[] {
    if (!this.leafList) {
      const out: string[] = [];
      for (const f of this.index.all()) if (this.isLeaf(f.uri)) out.push(f.uri);
      this.leafList = out.sort();
    }
    return this.leafList;
  }

  isLeaf(uri: string): boolean {
    const f = this.index.get(uri);
    return !!f && f.isPolicy && !!f.relyingParty && chainIsKnown(this.index, uri);
  }

  /** The leaves whose chain includes `uri` (the file itself when it is one), sorted. */
  leavesSeeing(uri: string): string[] {
    return [uri, ...this.index.dependentsOf(uri)].filter((u) => this.isLeaf(u)).sort();
  }

  /** The file whose view equals this one's for everything it does not redefine: its single parent. */
  private parentOf(view: string): string | undefined {
    const chain = this.index.chain(view);
    return chain.status === 'complete' && chain.parents.length === 1 ? chain.parents[0] : undefined;
  }

  private defines(view: string, kind: TargetKind, keys: readonly string[]): boolean {
    const f = this.index.get(view);
    return !!f && keys.some((k) => f.defsByKey.has(kind + '\u0000' + idKey(k)));
  }

  /** The technical profile `id` merged as `view` sees it. */
  profile(view: string, id: string): MergedProfile | undefined {
    const key = idKey(id);
    let views = this.profileViews.get(view);
    if (!views) this.profileViews.set(view, views = new Map());
    if (views.has(key)) return views.get(key);
    const parent = this.parentOf(view);
    let merged: MergedProfile | undefined;
    const up = parent !== undefined ? this.profile(parent, key) : undefined;
    const touched = parent === undefined
      || this.defines(view, 'TechnicalProfile', [key, ...(up?.included ?? []), ...(up?.missingIncludes ?? [])]);
    merged = touched ? mergeProfile(this.index, view, key) : up;
    views.set(key, merged);
    return merged;
  }

  /** The journey merged by Order as `view` sees it. */
  journey(view: string, kind: JourneyKind, id: string): MergedJourney | undefined {
    const key = idKey(id);
    const slot = kind + '/' + key;
    let views = this.journeyViews.get(view);
    if (!views) this.journeyViews.set(view, views = new Map());
    if (views.has(slot)) return views.get(slot);
    const parent = this.parentOf(view);
    const merged = parent !== undefined && !this.defines(view, kind, [key]) ? this.journey(parent, kind, key) : this.mergeJourney(view, kind, key);
    views.set(slot, merged);
    return merged;
  }

  private mergeJourney(view: string, kind: JourneyKind, key: string): MergedJourney | undefined {
    const defs = this.index.lookup(view, kind, key);
    if (!defs.length) return undefined;
    const byOrder = new Map<number, MergedStep>();
    for (const { uri, item } of defs) {
      if (item.detail?.type !== 'journey') continue;
      for (const step of item.detail.steps) {
        const order = orderOf(step);
        // Within one file the first step of an Order counts (a duplicate is B501 there); a later file replaces it.
        if (order !== undefined && byOrder.get(order)?.uri !== uri) byOrder.set(order, { uri, order, step });
      }
    }
    const steps = [...byOrder.values()].sort((a, b) => a.order - b.order);
    return { id: defs[defs.length - 1].item.id, kind, key, definitions: defs, steps };
  }

  /** How the leaf is judged (see LeafPlan). */
  plan(leaf: string): LeafPlan | undefined {
    if (this.plans.has(leaf)) return this.plans.get(leaf);
    const p = this.makePlan(leaf);
    this.plans.set(leaf, p);
    return p;
  }

  private makePlan(leaf: string): LeafPlan | undefined {
    const file = this.index.get(leaf);
    const rp = file?.relyingParty;
    if (!file || !rp || !this.isLeaf(leaf)) return undefined;
    const inRp = (d: { start: number; end: number }) => d.start >= rp.start && d.end <= rp.end;
    const transparent = file.definitions.every(inRp);
    const view = (transparent && this.parentOf(leaf)) || leaf;
    const roots: Pending[] = [];
    // A reference's source is the attribute it sits in (ReferenceId), so the DefaultUserJourney comes from the summary.
    const dj = file.relyingPartyDetail?.defaultUserJourney?.value;
    const defaultJourney: MergedJourney | undefined = dj ? this.journey(view, 'UserJourney', dj) : undefined;
    const rpProfiles = file.definitions.filter((d) => d.kind === 'TechnicalProfile' && inRp(d));
    for (const ref of referencesWithin(file, rp.start, rp.end)) {
      if (rpProfiles.some((d) => d.start <= ref.start && ref.end <= d.end)) continue;
      const next = edgeOf(ref);
      if (next) roots.push(next);
    }
    const relyingPartyProfiles = new Map<string, MergedProfile>();
    const profileRoots: Pending[] = [];
    for (const d of rpProfiles) {
      const merged = this.profile(leaf, d.key);
      if (!merged) continue;
      relyingPartyProfiles.set(d.key, merged);
      for (const next of this.memo('profileEdges', merged, () => profileEdges(this, merged))) profileRoots.push(next);
    }
    return {
      leaf, view, defaultJourney, relyingPartyProfiles,
      journeyReach: this.reachFrom(view, roots),
      profileReach: profileRoots.length ? new ReachWalk(this, leaf).run(profileRoots) : EMPTY_REACH(leaf),
    };
  }

  /** Everything reachable from `roots` in `view`; shared by every leaf with the same view and roots. */
  reachFrom(view: string, roots: readonly Pending[]): Reach {
    const key = view + '\u0000' + roots.map((r) => `${r.kind}/${r.key}/${r.fragment}`).join('|');
    const cached = this.reaches.get(key);
    if (cached) return cached;
    const r = new ReachWalk(this, view).run(roots);
    this.reaches.set(key, r);
    return r;
  }

  /** A value derived from `owner` (a merged profile, journey or definition), computed once per model. */
  memo<T>(slot: string, owner: object, compute: () => T): T {
    let map = this.memos.get(slot);
    if (!map) this.memos.set(slot, map = new WeakMap());
    if (map.has(owner)) return map.get(owner) as T;
    const value = compute();
    map.set(owner, value);
    return value;
  }
}

const EMPTY_REACH = (view: string): Reach => ({ view, profiles: new Map(), journeys: new Map(), subjects: new Set() });

export type Pending = { readonly kind: TargetKind; readonly key: string; readonly fragment: boolean; readonly relyingParty?: boolean; readonly issuer?: boolean };

class ReachWalk {
  private readonly profiles = new Map<string, ReachedProfile>();
  private readonly journeys = new Map<string, MergedJourney>();
  private readonly subjects = new Set<string>();
  private readonly queue: Pending[] = [];

  /** `view` is the file whose merged view the walk reads. */
  constructor(private readonly model: EffectiveModel, private readonly view: string) {}

  run(roots: readonly Pending[]): Reach {
    this.queue.push(...roots);
    for (let i = 0; i < this.queue.length; i++) this.visit(this.queue[i]);
    return { view: this.view, profiles: this.profiles, journeys: this.journeys, subjects: this.subjects };
  }

  private visit(p: Pending): void {
    const subject = subjectKey(p.kind, p.key);
    if (p.kind === 'TechnicalProfile') return this.visitProfile(p, subject);
    if (this.subjects.has(subject)) return;
    this.subjects.add(subject);
    if (p.kind === 'UserJourney' || p.kind === 'SubJourney') {
      const j = this.model.journey(this.view, p.kind, p.key);
      if (!j) return;
      this.journeys.set(subject, j);
      for (const s of j.steps) this.followWithin(s.uri, s.step.element.start, s.step.element.end);
    } else {
      for (const d of this.model.index.lookup(this.view, p.kind, p.key)) this.followWithin(d.uri, d.item.start, d.item.end);
    }
  }

  private visitProfile(p: Pending, subject: string): void {
    const seen = this.profiles.get(p.key);
    if (seen) {
      if ((seen.fragment && !p.fragment) || (p.issuer && !seen.issuer)) {
        this.profiles.set(p.key, { ...seen, fragment: seen.fragment && p.fragment, issuer: seen.issuer || p.issuer });
      }
      this.subjects.add(subject);
      return;
    }
    const merged = this.model.profile(this.view, p.key);
    if (!merged) return;
    this.profiles.set(p.key, { merged, relyingParty: !!p.relyingParty, fragment: p.fragment, issuer: p.issuer });
    if (!p.fragment) this.subjects.add(subject);
    // What a merged profile points at depends only on its definitions: found once, shared by every leaf.
    for (const next of this.model.memo('profileEdges', merged, () => profileEdges(this.model, merged))) this.queue.push(next);
  }

  private followWithin(uri: string, start: number, end: number): void {
    for (const ref of referencesWithin(this.model.index.get(uri), start, end)) {
      const next = edgeOf(ref);
      if (next) this.queue.push(next);
    }
  }
}

/** Where a reference leads, for the walk; references at `includes` offsets (IncludeTechnicalProfile) lead to fragments. */
function edgeOf(ref: Reference, includes?: ReadonlySet<number>): Pending | undefined {
  if (!ref.value) return undefined;
  switch (ref.target) {
    case 'TechnicalProfile': return {
      kind: 'TechnicalProfile', key: ref.key, fragment: !!includes?.has(ref.start),
      issuer: ref.source === 'CpimIssuerTechnicalProfileReferenceId' || ref.source === 'DefaultCpimIssuerTechnicalProfileReferenceId',
    };
    case 'UserJourney': case 'SubJourney': case 'DisplayControl': return { kind: ref.target, key: ref.key, fragment: false };
    default: return undefined;
  }
}

/** Everything the definitions of a merged profile reference that the walk follows. */
function profileEdges(model: EffectiveModel, merged: MergedProfile): Pending[] {
  const out: Pending[] = [];
  for (const { uri, definition } of merged.definitions) {
    const includes = definition.detail?.type === 'profile' ? new Set(definition.detail.includes.map((i) => i.start)) : undefined;
    for (const ref of referencesWithin(model.index.get(uri), definition.start, definition.end)) {
      const next = edgeOf(ref, includes);
      if (next) out.push(next);
    }
  }
  return out;
}
