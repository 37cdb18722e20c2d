/**
 * The workspace index: one PolicyFile per URI, replaced whole on change, plus the derived lookups
 * (files by PolicyId, inheritance chains, dependents) that are dropped whenever the set of files or
 * any file's PolicyId/BasePolicy changes. Every Id lookup goes through a file's own chain.
 */
import { Definition, PolicyFile, Reference, idKey, lookupKey } from '../model/policyFile';
import { TargetKind } from '../model/referenceKinds';

export type ChainStatus = 'root' | 'complete' | 'ambiguous' | 'incomplete' | 'cycle' | 'not-policy';

export interface Chain {
  /** The file itself first, then its ancestors (for an ambiguous chain, the union of every candidate's chain). */
  readonly uris: readonly string[];
  readonly status: ChainStatus;
  /** Where the chain is ambiguous: the base PolicyId and the candidate files (of the nearest ambiguity). */
  readonly ambiguity?: { readonly policyId: string; readonly candidates: readonly string[]; readonly from: string };
  /** Where the chain is incomplete: the PolicyId that no file declares, and the file that asks for it. */
  readonly missing?: { readonly policyId: string; readonly from: string };
  /** Where a cycle was found: the file whose base leads back into the chain. */
  readonly cycleAt?: string;
  /** The direct parent(s) of the file. */
  readonly parents: readonly string[];
  /**
   * Candidate bases left out because their own chains are broken (incomplete or a cycle) while other
   * candidates' chains are whole: one stray copy must not switch off checking for every file that uses the PolicyId.
   */
  readonly ignored?: readonly string[];
}

export interface Located<T> {
  readonly uri: string;
  readonly item: T;
}

export interface IndexOptions {
  /** PolicyId (any case) -> URI of the file to use when several files declare it. */
  readonly basePins?: ReadonlyMap<string, string>;
}

const STATUS_RANK: Record<ChainStatus, number> = { 'not-policy': 0, root: 0, complete: 1, ambiguous: 2, incomplete: 3, cycle: 4 };

export function dirnameOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? '' : uri.slice(0, slash);
}

export class PolicyIndex {
  private readonly files = new Map<string, PolicyFile>();
  private byPolicyId = new Map<string, string[]>();
  /** Policy-key references per file (keys are tenant objects, looked up across the workspace, not by chain). */
  private readonly keyRefs = new Map<string, Reference[]>();
  private chains = new Map<string, Chain>();
  private dependents: Map<string, string[]> | undefined;
  private pins: ReadonlyMap<string, string>;
  /** Bumped whenever chains may have changed; lets callers cache derived data. */
  generation = 0;
  /** Bumped on every change of any file; derived views of file contents (merged policies) key their caches on it. */
  revision = 0;

  constructor(options: IndexOptions = {}) {
    this.pins = normalisePins(options.basePins);
  }

  setOptions(options: IndexOptions): void {
    this.pins = normalisePins(options.basePins);
    this.invalidate();
  }

  get(uri: string): PolicyFile | undefined {
    return this.files.get(uri);
  }

  all(): IterableIterator<PolicyFile> {
    return this.files.values();
  }

  get size(): number {
    return this.files.size;
  }

  /** Adds or replaces a file's entry. Returns true when chains changed (PolicyId/BasePolicy edits, new files). */
  set(file: PolicyFile): boolean {
    const old = this.files.get(file.uri);
    this.files.set(file.uri, file);
    this.revision++;
    const keyRefs = file.references.filter((r) => r.target === 'PolicyKey' && r.value);
    if (keyRefs.length) this.keyRefs.set(file.uri, keyRefs);
    else this.keyRefs.delete(file.uri);
    const structural = !old || shapeOf(old) !== shapeOf(file);
    if (structural) {
      if (old?.policyId) this.removeFromPolicyIds(old);
      if (file.isPolicy && file.policyId) this.addToPolicyIds(file);
      this.invalidate();
    }
    return structural;
  }

  delete(uri: string): boolean {
    const old = this.files.get(uri);
    if (!old) return false;
    this.files.delete(uri);
    this.revision++;
    this.keyRefs.delete(uri);
    if (old.policyId) this.removeFromPolicyIds(old);
    this.invalidate();
    return true;
  }

  private invalidate(): void {
    this.revision++;
    this.chains = new Map();
    this.dependents = undefined;
    this.generation++;
  }

  private addToPolicyIds(file: PolicyFile): void {
    const key = idKey(file.policyId!.value);
    const list = this.byPolicyId.get(key);
    if (list) list.push(file.uri);
    else this.byPolicyId.set(key, [file.uri]);
  }

  private removeFromPolicyIds(file: PolicyFile): void {
    const key = idKey(file.policyId!.value);
    const list = this.byPolicyId.get(key)?.filter((u) => u !== file.uri);
    if (list && list.length) this.byPolicyId.set(key, list);
    else this.byPolicyId.delete(key);
  }

  /** Every policy-key reference in the workspace, by file: a walk over the few files and keys that have them. */
  policyKeyReferences(): IterableIterator<[string, readonly Reference[]]> {
    return this.keyRefs.entries();
  }

  /** Files that declare a PolicyId (any case). */
  filesDeclaring(policyId: string): readonly string[] {
    return this.byPolicyId.get(idKey(policyId)) ?? [];
  }

  /** Which file(s) a file's BasePolicy resolves to: same folder first, then a unique match, then a pin, else all candidates. */
  resolveBase(uri: string): { policyId: string; candidates: string[]; chosen: string[] } | undefined {
    const file = this.files.get(uri);
    const policyId = file?.basePolicy?.policyId?.value;
    if (!file || !policyId) return undefined;
    // Sorted, so that chains and messages do not depend on the order in which files were (re)indexed.
    const candidates = this.filesDeclaring(policyId).filter((u) => u !== uri).sort();
    const dir = dirnameOf(uri);
    const local = candidates.filter((u) => dirnameOf(u) === dir);
    if (local.length) return { policyId, candidates: local.length > 1 ? local : candidates, chosen: local };
    // A pin settles an ambiguity only: it must never pull a set away from the base in its own folder.
    const pinned = this.pins.get(idKey(policyId));
    if (pinned && candidates.length > 1 && candidates.includes(pinned)) return { policyId, candidates, chosen: [pinned] };
    return { policyId, candidates, chosen: candidates };
  }

  chain(uri: string): Chain {
    const cached = this.chains.get(uri);
    if (cached) return cached;
    const computed = this.computeChain(uri, new Set());
    this.chains.set(uri, computed);
    return computed;
  }

  private computeChain(uri: string, visiting: Set<string>): Chain {
    const file = this.files.get(uri);
    if (!file || !file.isPolicy) return { uris: [uri], status: 'not-policy', parents: [] };
    const base = this.resolveBase(uri);
    if (!base) return { uris: [uri], status: 'root', parents: [] };
    if (file.policyId && idKey(file.policyId.value) === idKey(base.policyId)) return { uris: [uri], status: 'cycle', cycleAt: uri, parents: [] };
    if (base.chosen.length === 0) return { uris: [uri], status: 'incomplete', missing: { policyId: base.policyId, from: uri }, parents: [] };
    visiting.add(uri);
    // undefined marks a parent already on the path from the file: a cycle through it.
    const subs = base.chosen.map((parent) => (visiting.has(parent) ? undefined : this.chains.get(parent) ?? this.computeChain(parent, visiting)));
    visiting.delete(uri);
    const whole = base.chosen.filter((_, i) => isWhole(subs[i]));
    const keep = whole.length > 0 && whole.length < base.chosen.length ? whole : base.chosen;
    const uris = [uri];
    let status: ChainStatus = keep.length > 1 ? 'ambiguous' : 'complete';
    let result: Omit<Chain, 'uris' | 'status' | 'parents'> = keep.length > 1
      ? { ambiguity: { policyId: base.policyId, candidates: keep, from: uri } } : {};
    base.chosen.forEach((parent, i) => {
      if (!keep.includes(parent)) return;
      const sub = subs[i];
      if (!sub) {
        status = 'cycle';
        result = { ...result, cycleAt: uri };
        return;
      }
      for (const u of sub.uris) if (!uris.includes(u)) uris.push(u);
      const subStatus = sub.status === 'root' ? 'complete' : sub.status;
      if (STATUS_RANK[subStatus] > STATUS_RANK[status]) status = subStatus;
      result = { ambiguity: result.ambiguity ?? sub.ambiguity, missing: result.missing ?? sub.missing, cycleAt: result.cycleAt ?? sub.cycleAt };
    });
    const ignored = base.chosen.filter((u) => !keep.includes(u));
    return { uris, status, parents: keep, ...result, ...(ignored.length ? { ignored } : {}) };
  }

  /** Files whose chain includes `uri` (excluding itself). */
  dependentsOf(uri: string): readonly string[] {
    if (!this.dependents) {
      const deps = new Map<string, string[]>();
      for (const f of this.files.values()) {
        if (!f.isPolicy) continue;
        for (const anc of this.chain(f.uri).uris.slice(1)) {
          const list = deps.get(anc);
          if (list) list.push(f.uri);
          else deps.set(anc, [f.uri]);
        }
      }
      this.dependents = deps;
    }
    return this.dependents.get(uri) ?? [];
  }

  /** Definitions of an Id visible from a file, base-most first. */
  lookup(uri: string, kind: TargetKind, key: string): Located<Definition>[] {
    const out: Located<Definition>[] = [];
    const k = lookupKey(kind, key);
    const uris = this.chain(uri).uris;
    for (let i = uris.length - 1; i >= 0; i--) {
      const defs = this.files.get(uris[i])?.defsByKey.get(k);
      if (defs) for (const d of defs) out.push({ uri: uris[i], item: d });
    }
    return out;
  }

  /** Every definition of a kind visible from a file (first spelling wins per key), for completion. */
  visible(uri: string, kind: TargetKind): Map<string, Located<Definition>[]> {
    const out = new Map<string, Located<Definition>[]>();
    const uris = this.chain(uri).uris;
    for (let i = uris.length - 1; i >= 0; i--) {
      const f = this.files.get(uris[i]);
      if (!f) continue;
      for (const d of f.definitions) {
        if (d.kind !== kind) continue;
        const list = out.get(d.key);
        if (list) list.push({ uri: f.uri, item: d });
        else out.set(d.key, [{ uri: f.uri, item: d }]);
      }
    }
    return out;
  }

  /** References with this target in the given files. */
  referencesIn(uris: Iterable<string>, kind: TargetKind, key: string): Located<Reference>[] {
    const out: Located<Reference>[] = [];
    const k = lookupKey(kind, key);
    for (const uri of uris) {
      const refs = this.files.get(uri)?.refsByKey.get(k);
      if (refs) for (const r of refs) out.push({ uri, item: r });
    }
    return out;
  }
}

/** A chain that reaches a root: every Id it could define is in the workspace (possibly over several candidates). */
function isWhole(chain: Chain | undefined): boolean {
  return chain !== undefined && (chain.status === 'root' || chain.status === 'complete' || chain.status === 'ambiguous');
}

function normalisePins(pins: ReadonlyMap<string, string> | undefined): ReadonlyMap<string, string> {
  return new Map([...(pins ?? new Map<string, string>())].map(([k, v]) => [idKey(k), v]));
}

/** What about a file decides chains: its PolicyId and its BasePolicy. */
function shapeOf(f: PolicyFile): string {
  return `${f.isPolicy}|${f.policyId?.value.toLowerCase() ?? ''}|${f.basePolicy?.policyId?.value.toLowerCase() ?? ''}`;
}
