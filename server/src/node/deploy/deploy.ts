/**
 * Deploys one built environment through Microsoft Graph (beta trustFramework API):
 * `PUT {graph}/beta/trustFramework/policies/{PolicyId}/$value`, `Content-Type: application/xml`. 200 means updated,
 * 201 created, anything else stops the run.
 *
 * Order follows the chains: a policy is uploaded after its base (Base → Localization → Extensions → relying parties in
 * the starter pack), and when a policy is uploaded, every policy that derives from it is uploaded again after it,
 * because the service validates a policy together with its chain. What was uploaded is remembered per environment
 * folder (`.b2c-deploy-state.json`: PolicyId → hash), so a later deploy uploads what changed and its dependents.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parsePolicy } from '../../service/languageService';
import { BUILD_MANIFEST, sha256 } from '../build/build';
import { findXmlFiles, looksLikePolicy, pathToUri, readPolicyText, readSmallText } from '../files';
import { Endpoints, HttpFetch, Redactor, readBody } from './http';

export const DEPLOY_STATE = '.b2c-deploy-state.json';

export type Reason = 'new' | 'changed' | 'dependent' | 'selected' | 'all';

export interface PlannedPolicy {
  /** Absolute path of the built file. */
  readonly file: string;
  /** The source it was built from, relative to the folder of appsettings.json, when the build manifest says. */
  readonly source?: string;
  readonly policyId: string;
  readonly basePolicyId?: string;
  readonly hash: string;
  readonly text: string;
  readonly depth: number;
}

export interface PlanEntry extends PlannedPolicy {
  readonly reason: Reason;
  /** For a dependent: the base whose upload makes this one go again. */
  readonly because?: string;
}

export interface DeployPlan {
  readonly folder: string;
  readonly environment?: string;
  readonly tenant?: string;
  readonly production: boolean;
  /** What will be uploaded, in order. */
  readonly uploads: readonly PlanEntry[];
  /** Built policies not uploaded: unchanged since the last deploy. */
  readonly unchanged: readonly PlannedPolicy[];
  /** Bases that are not in the folder: they must already be in the tenant. */
  readonly externalBases: readonly string[];
}

export class DeployPlanError extends Error {}

export interface PlanOptions {
  /** Built files (absolute paths) to upload, with their dependents; default: what changed. */
  readonly only?: readonly string[];
  /** Upload every policy, changed or not. */
  readonly all?: boolean;
  /** The folder of appsettings.json, so that --only may name a source file instead of a built one. */
  readonly root?: string;
}

export function planDeploy(folder: string, options: PlanOptions = {}): DeployPlan {
  const manifest = readManifest(folder);
  if (manifest?.errors) throw new DeployPlanError(`The last build of ${manifest.environment ?? folder} had ${manifest.errors} ${manifest.errors === 1 ? 'error' : 'errors'}: fix them and build again before deploying.`);
  const policies = orderByChain(loadPolicies(folder, manifest));
  if (!policies.length) throw new DeployPlanError(`No built policies in ${folder}: run b2c-policy build first.`);
  const state = readState(folder);
  const byId = new Map(policies.map((p) => [p.policyId.toLowerCase(), p]));
  const chosen = new Map<string, { reason: Reason; because?: string }>();
  if (options.only?.length) {
    for (const f of options.only) {
      const wanted = path.resolve(f);
      const p = policies.find((q) => path.resolve(q.file) === wanted || (options.root !== undefined && q.source !== undefined && path.resolve(options.root, q.source) === wanted));
      if (!p) throw new DeployPlanError(`--only ${f}: not a built policy of ${folder}.`);
      chosen.set(p.policyId.toLowerCase(), { reason: 'selected' });
    }
  } else {
    for (const p of policies) {
      const last = state.get(p.policyId.toLowerCase());
      if (options.all) chosen.set(p.policyId.toLowerCase(), { reason: 'all' });
      else if (last === undefined) chosen.set(p.policyId.toLowerCase(), { reason: 'new' });
      else if (last !== p.hash) chosen.set(p.policyId.toLowerCase(), { reason: 'changed' });
    }
  }
  // Policies are in chain order, so one pass carries an upload down to every descendant.
  for (const p of policies) {
    const base = p.basePolicyId?.toLowerCase();
    if (!chosen.has(p.policyId.toLowerCase()) && base && chosen.has(base)) chosen.set(p.policyId.toLowerCase(), { reason: 'dependent', because: byId.get(base)!.policyId });
  }
  const uploads = policies.filter((p) => chosen.has(p.policyId.toLowerCase())).map((p) => ({ ...p, ...chosen.get(p.policyId.toLowerCase())! }));
  const externalBases = [...new Set(policies.map((p) => p.basePolicyId).filter((b): b is string => !!b && !byId.has(b.toLowerCase())))].sort();
  return {
    folder, environment: manifest?.environment, tenant: manifest?.tenant, production: manifest?.production === true,
    uploads, unchanged: policies.filter((p) => !chosen.has(p.policyId.toLowerCase())), externalBases,
  };
}

interface Manifest {
  readonly environment?: string;
  readonly tenant?: string;
  readonly production?: boolean;
  readonly errors?: number;
  readonly files?: ReadonlyArray<{ path: string; source?: string }>;
}

/** A file the build or an earlier deploy wrote; one that cannot be read safely throws (read as absent by the callers). */
function smallText(file: string): string {
  const r = readSmallText(file);
  if ('text' in r) return r.text;
  throw new Error('problem' in r ? r.problem : 'missing');
}

function readManifest(folder: string): Manifest | undefined {
  try {
    const m = JSON.parse(smallText(path.join(folder, BUILD_MANIFEST))) as Manifest;
    return m && typeof m === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest's files when there is one (stale files from older builds are not uploaded), else every policy in the folder. */
function loadPolicies(folder: string, manifest: Manifest | undefined): Array<Omit<PlannedPolicy, 'depth'>> {
  const entries = manifest?.files?.length
    ? manifest.files.map((f) => ({ file: path.resolve(folder, f.path), source: f.source }))
    : findXmlFiles([folder]).sort().map((file) => ({ file, source: undefined as string | undefined }));
  const out: Array<Omit<PlannedPolicy, 'depth'>> = [];
  const seen = new Map<string, string>();
  for (const e of entries) {
    const { text, problem } = readPolicyText(e.file);
    if (problem) throw new DeployPlanError(`${e.file}: ${problem}`);
    if (!looksLikePolicy(text)) continue;
    const file = parsePolicy(pathToUri(e.file), null, text).file;
    const policyId = file.policyId?.value;
    if (!policyId) continue;
    const other = seen.get(policyId.toLowerCase());
    if (other) throw new DeployPlanError(`${path.relative(folder, e.file)} and ${path.relative(folder, other)} both declare PolicyId ${policyId}; one upload would replace the other.`);
    seen.set(policyId.toLowerCase(), e.file);
    out.push({ file: e.file, source: e.source, policyId, basePolicyId: file.basePolicy?.policyId?.value || undefined, hash: sha256(text), text });
  }
  return out;
}

/** Base first: by depth in the chain, then by PolicyId. A cycle is refused (the service would refuse it too). */
function orderByChain(list: Array<Omit<PlannedPolicy, 'depth'>>): PlannedPolicy[] {
  const byId = new Map(list.map((p) => [p.policyId.toLowerCase(), p]));
  const depths = new Map<string, number>();
  const depthOf = (p: Omit<PlannedPolicy, 'depth'>, seen: Set<string>): number => {
    const key = p.policyId.toLowerCase();
    const known = depths.get(key);
    if (known !== undefined) return known;
    if (seen.has(key)) throw new DeployPlanError(`Inheritance cycle through ${p.policyId}: it cannot be uploaded.`);
    seen.add(key);
    const base = p.basePolicyId ? byId.get(p.basePolicyId.toLowerCase()) : undefined;
    const d = base ? depthOf(base, seen) + 1 : 0;
    depths.set(key, d);
    return d;
  };
  return list.map((p) => ({ ...p, depth: depthOf(p, new Set()) }))
    .sort((a, b) => a.depth - b.depth || a.policyId.toLowerCase().localeCompare(b.policyId.toLowerCase()));
}

function readState(folder: string): Map<string, string> {
  try {
    const raw = JSON.parse(smallText(path.join(folder, DEPLOY_STATE))) as { policies?: Record<string, unknown> };
    return new Map(Object.entries(raw.policies ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string').map(([k, v]) => [k.toLowerCase(), v]));
  } catch {
    return new Map();
  }
}

function recordUpload(folder: string, p: PlannedPolicy): void {
  const state = readState(folder);
  state.set(p.policyId.toLowerCase(), p.hash);
  const policies = Object.fromEntries([...state].sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(path.join(folder, DEPLOY_STATE), JSON.stringify({ policies }, null, 2) + '\n', 'utf8');
}

export type UploadStatus = 'created' | 'updated';

export interface UploadFailure {
  readonly entry: PlanEntry;
  readonly status?: number;
  readonly message: string;
  /** A line of the built file that the service's message points at (1-based), if any. */
  readonly line?: number;
}

export interface DeployOutcome {
  readonly done: ReadonlyArray<{ readonly entry: PlanEntry; readonly status: UploadStatus }>;
  readonly failure?: UploadFailure;
}

export interface UploadOptions {
  readonly endpoints: Endpoints;
  readonly token: string;
  readonly fetch: HttpFetch;
  readonly redactor: Redactor;
  /** Called before each upload and after its answer. */
  readonly onProgress?: (entry: PlanEntry, index: number, total: number, status?: UploadStatus) => void;
  /** How many times a 429 or 503 is retried after its Retry-After (default 4). */
  readonly maxRetries?: number;
  /** Longest wait for one Retry-After, in seconds (default 120). */
  readonly maxRetryAfter?: number;
  /** Record each success in the environment folder (default true). */
  readonly recordState?: boolean;
  /** Asked before each upload; true stops the run there (a cancelled progress notification). */
  readonly shouldStop?: () => boolean;
}

/** Uploads in plan order and stops at the first failure. */
export async function uploadPlan(plan: DeployPlan, o: UploadOptions): Promise<DeployOutcome> {
  const done: Array<{ entry: PlanEntry; status: UploadStatus }> = [];
  for (let i = 0; i < plan.uploads.length; i++) {
    const entry = plan.uploads[i];
    if (o.shouldStop?.()) return { done, failure: { entry, message: 'Cancelled before this upload; the policies before it were uploaded.' } };
    o.onProgress?.(entry, i, plan.uploads.length);
    const result = await uploadOne(entry, o);
    if ('failure' in result) return { done, failure: result.failure };
    done.push({ entry, status: result.status });
    if (o.recordState !== false) recordUpload(plan.folder, entry);
    o.onProgress?.(entry, i, plan.uploads.length, result.status);
  }
  return { done };
}

async function uploadOne(entry: PlanEntry, o: UploadOptions): Promise<{ status: UploadStatus } | { failure: UploadFailure }> {
  const url = `${o.endpoints.graph}/beta/trustFramework/policies/${encodeURIComponent(entry.policyId)}/$value`;
  const retries = o.maxRetries ?? 4;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await o.fetch(url, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${o.token}`, 'Content-Type': 'application/xml' },
        body: entry.text,
        signal: AbortSignal.timeout(300_000),
      });
    } catch (e) {
      return { failure: { entry, message: o.redactor.clean(`Microsoft Graph could not be reached (${url}): ${(e as Error).message}`) } };
    }
    if (res.status === 200 || res.status === 201) {
      await readBody(res);
      return { status: res.status === 201 ? 'created' : 'updated' };
    }
    const body = await readBody(res);
    if ((res.status === 429 || res.status === 503) && attempt < retries) {
      await sleep(retryAfterSeconds(res.headers.get('retry-after'), o.maxRetryAfter ?? 120) * 1000);
      continue;
    }
    const message = o.redactor.clean(describeFailure(res.status, body));
    return { failure: { entry, status: res.status, message, line: lineInPolicy(message, entry.text) } };
  }
}

function retryAfterSeconds(header: string | null, max: number): number {
  const n = header === null ? NaN : Number(header);
  if (Number.isFinite(n) && n >= 0) return Math.min(n, max);
  const date = header ? Date.parse(header) : NaN;
  if (Number.isFinite(date)) return Math.min(Math.max(0, (date - Date.now()) / 1000), max);
  return Math.min(5, max);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The service's own message, in words: Graph's `error.message` (with its code), else the body's text; never an object dump. */
export function describeFailure(status: number, body: { text: string; json?: unknown }): string {
  const err = (body.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const hint = status === 401 ? ' The token was refused: it may have expired, or be for another tenant or audience.'
    : status === 403 ? ' The app or user lacks Policy.ReadWrite.TrustFramework (or the B2C IEF Policy Administrator role).' : '';
  if (err && typeof err === 'object') {
    const message = typeof err.message === 'string' ? err.message : err.message !== undefined ? JSON.stringify(err.message) : '';
    const code = typeof err.code === 'string' ? err.code : '';
    return `${status}${code ? ` ${code}` : ''}: ${message || 'no message'}${hint}`;
  }
  const text = body.text.trim().replace(/\s+/g, ' ').slice(0, 1000);
  return `${status}: ${text || 'no details in the answer'}${hint}`;
}

/** The line the service names ("at line 12"), else the line of the first Id the message quotes that the policy holds. */
export function lineInPolicy(message: string, text: string): number | undefined {
  const at = /\bline (\d+)/i.exec(message);
  if (at) return Number(at[1]);
  for (const m of message.matchAll(/(?:with id|Id|ID) ["'{]?([\w.:-]+)["'}]?/g)) {
    const id = m[1];
    const found = new RegExp(`(?:Id|ReferenceId)\\s*=\\s*["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`, 'i').exec(text);
    if (found) return text.slice(0, found.index).split(/\r\n|\r|\n/).length;
  }
  return undefined;
}
