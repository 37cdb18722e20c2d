/**
 * What `b2cPolicy/journey` answers (the editor's "Show journey" and any other client): which relying party's
 * merged journey to show for a place in a file, and its journey model.
 *
 * A journey is only ever run by a relying party, merged along that relying party's chain, so the picture is
 * always a leaf's. From a relying-party file that is its DefaultUserJourney. From a UserJourney (its CodeLens,
 * or the cursor inside it) it is the journey as each relying party whose chain holds the file and whose
 * DefaultUserJourney names it runs it: with one such leaf, that one; with several, the client asks which (they
 * can differ: each leaf may override steps); with none, no picture, and the answer says that no relying party
 * in the workspace runs it (merging it for no leaf would show steps and findings that no deployment has).
 * From anywhere else in a base or extensions file, the default journeys of the leaves that extend it.
 */
import { PolicyIndex } from '../index/policyIndex';
import { effectiveModel } from '../effective/effectiveModel';
import { idKey } from '../model/policyFile';
import { JourneyModel } from './types';

export interface JourneyParams {
  readonly uri: string;
  /** A UserJourney Id (the lens on that journey). */
  readonly journey?: string;
  /** The relying-party file to merge for, when the user picked one. */
  readonly leaf?: string;
  /** A UTF-16 offset in `uri` (the cursor): the UserJourney around it, when no `journey` is given. */
  readonly offset?: number;
}

export interface JourneyLeaf {
  readonly uri: string;
  readonly policyId?: string;
  /** Its DefaultUserJourney as written. */
  readonly journey?: string;
}

export interface JourneyAnswer {
  /** The journey asked for, when one was (else each leaf's default). */
  readonly journeyId?: string;
  /** The relying parties that run it. */
  readonly leaves: readonly JourneyLeaf[];
  /** The one merged for; absent while the client has to choose among `leaves`, or when none runs it. */
  readonly leaf?: string;
  readonly model?: JourneyModel;
  /** Why there is no model, for the user. */
  readonly message?: string;
}

export type JourneyBuilder = (index: PolicyIndex, leafUri: string) => JourneyModel | undefined;

/** The UserJourney whose element holds `offset` in the file. */
export function journeyAt(index: PolicyIndex, uri: string, offset: number): string | undefined {
  const file = index.get(uri);
  return file?.definitions.find((d) => d.kind === 'UserJourney' && d.start <= offset && offset <= d.end)?.id;
}

/**
 * `cacheKey` must be the one diagnostics use (the default DeploymentMode, '' when unset): the index holds one
 * effective model at a time, so another key would throw away the model diagnostics just built.
 */
export function answerJourney(index: PolicyIndex, params: JourneyParams, build: JourneyBuilder, cacheKey: unknown = ''): JourneyAnswer | undefined {
  const file = index.get(params.uri);
  if (!file?.isPolicy) return undefined;
  const model = effectiveModel(index, cacheKey);
  const journeyId = params.journey ?? (params.offset !== undefined ? journeyAt(index, params.uri, params.offset) : undefined);
  const describe = (leaf: string): JourneyLeaf => {
    const f = index.get(leaf);
    const rp = f?.relyingParty;
    // The one UserJourney reference of a RelyingParty element is its DefaultUserJourney/@ReferenceId.
    const ref = rp && f.references.find((r) => r.target === 'UserJourney' && r.start >= rp.start && r.end <= rp.end);
    return { uri: leaf, policyId: f?.policyId?.value, journey: ref?.value };
  };
  let leaves: string[];
  if (journeyId === undefined) {
    leaves = model.isLeaf(params.uri) ? [params.uri] : model.leavesSeeing(params.uri);
  } else {
    const key = idKey(journeyId);
    leaves = model.leavesSeeing(params.uri).filter((l) => {
      const d = describe(l).journey;
      return d !== undefined && idKey(d) === key;
    });
  }
  const described = leaves.map(describe);
  const chosen = params.leaf !== undefined && leaves.includes(params.leaf) ? params.leaf : leaves.length === 1 ? leaves[0] : undefined;
  if (!chosen) {
    if (leaves.length) return { journeyId, leaves: described };
    return { journeyId, leaves: [], message: noLeafMessage(index, params.uri, journeyId, model.isLeaf(params.uri)) };
  }
  const built = build(index, chosen);
  return built
    ? { journeyId, leaves: described, leaf: chosen, model: built }
    : { journeyId, leaves: described, leaf: chosen, message: 'The journey model could not be built for this relying party.' };
}

function noLeafMessage(index: PolicyIndex, uri: string, journeyId: string | undefined, isLeaf: boolean): string {
  const file = index.get(uri)!;
  const status = index.chain(uri).status;
  if (status !== 'root' && status !== 'complete') return `The inheritance chain of this file is ${status}: the merged journey cannot be known until it is whole.`;
  if (journeyId !== undefined) return `No relying party in the workspace runs UserJourney ${journeyId} as its DefaultUserJourney (through a chain that holds this file), so there is no merged journey to show.`;
  if (file.relyingParty || isLeaf) return 'This relying party names no DefaultUserJourney.';
  return 'No relying-party file in the workspace extends this file.';
}

/** The fields of an answer and its model that hold a file URI: SourceRef.uri, the leaf, the model's view. */
const URI_KEYS = new Set(['uri', 'leaf', 'view']);

/** The answer with every URI in it passed through `f` (the client's spelling of open files). */
export function mapAnswerUris<T>(value: T, f: (uri: string) => string): T {
  if (Array.isArray(value)) return value.map((v) => mapAnswerUris(v, f)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = URI_KEYS.has(k) && typeof v === 'string' ? f(v) : mapAnswerUris(v, f);
    return out as T;
  }
  return value;
}
