/**
 * Limits and names that the upload of one file judges, whatever the tenant (B630-B636): the inheritance depth of
 * its chain, its size, the B2C_1A_ prefix of its PolicyId and of its base's, the tenant it names against its
 * BasePolicy and its base file, PublicPolicyUri, and the starter pack's `yourtenant` left in. These are checked
 * per file, where the upload checks them (the file and its chain), not per relying party. Values that a build
 * replaces (`{Settings:...}`, see placeholders.ts) are never judged.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../../index/policyIndex';
import { PolicyFile, Span } from '../../../model/policyFile';
import { XmlDocument } from '../../../xml/parser';
import { isPlaceholder } from './placeholders';
import { Finding, partOf, toDiagnostic } from './ruleSupport';
import { quoteValue } from '../../../model/quoting';

/** service-limits.md: "Levels of inheritance in custom policies: 10". */
export const MAX_INHERITANCE_LEVELS = 10;
/** service-limits.md: "Maximum policy file size: 1024 KB", read as 1024 x 1024 bytes. */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** The same limit if the service's KB were 1000 bytes: between the two, information only. */
export const MAX_POLICY_BYTES_DECIMAL = 1024 * 1000;

const PREFIX = 'B2C_1A_';
const STAND_IN = 'yourtenant';

export function validateUploadLimits(file: PolicyFile, xml: XmlDocument, index: PolicyIndex): Diagnostic[] {
  const out: Finding[] = [];
  const add = (f: Finding | undefined) => { if (f) out.push(f); };
  add(size(file, xml));
  add(ownPrefix(file, index));
  add(basePrefix(file, index));
  add(depth(file, index));
  add(tenants(file, index));
  add(publicPolicyUri(file));
  add(standIn(file, xml.text));
  return out.map((f) => toDiagnostic(file, f.parts[0].start, f.parts[0].end, f));
}

/**
 * The size the upload sends: our deploy (and the other tools) send the text as UTF-8 without a BOM, so the UTF-8
 * byte count of the text is what counts. A UTF-16 file that some tool uploads byte for byte is about twice as
 * large; the decoded text does not say how the file was stored, so that case is not judged.
 */
function size(file: PolicyFile, xml: XmlDocument): Finding | undefined {
  const text = xml.text;
  // Every UTF-16 unit is at least one UTF-8 byte and at most three: most files are decided without counting.
  if (text.length * 3 <= MAX_POLICY_BYTES_DECIMAL) return undefined;
  const bytes = utf8Length(text);
  if (bytes <= MAX_POLICY_BYTES_DECIMAL) return undefined;
  const root = xml.root;
  const at = root ? { start: root.start + 1, end: root.start + 1 + root.name.length } : { start: 0, end: 0 };
  const kb = (bytes / 1024).toFixed(1);
  if (bytes > MAX_POLICY_BYTES) {
    return { code: 'B631', parts: [partOf(file.uri, at)], message: `This policy is ${kb} KB (${bytes} bytes as UTF-8); the service takes policy files of at most 1024 KB. Move definitions to another file of the chain.` };
  }
  return {
    code: 'B631', parts: [partOf(file.uri, at)], severity: DiagnosticSeverity.Information,
    message: `This policy is ${bytes} bytes as UTF-8: within 1024 KB of 1024 bytes, but over 1024 KB of 1000 bytes. The documented limit does not say which; keep a margin.`,
  };
}

export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

const judged = (s: Span | undefined): s is Span => !!s && !!s.value && !isPlaceholder(s.value);
const prefixed = (v: string) => v.slice(0, PREFIX.length).toUpperCase() === PREFIX;

/**
 * TrustFrameworkPolicy.md says a PolicyId "must be prefixed by B2C_1A_", but the portal adds the prefix when it
 * is missing (azure-docs#5303 shows 'B2C_1_policy-sign2' uploaded as 'B2C_1A_B2C_1_policy-sign2'), and what Graph
 * does is not documented: information. The file then runs under another name than its files say.
 */
function ownPrefix(file: PolicyFile, index: PolicyIndex): Finding | undefined {
  const id = file.policyId;
  if (!judged(id) || prefixed(id.value)) return undefined;
  // Renaming is safe only when no file of the workspace names this policy as its base.
  const safe = index.dependentsOf(file.uri).length === 0;
  return {
    code: 'B633', parts: [partOf(file.uri, id)], data: safe ? { replaceWith: PREFIX + id.value } : undefined,
    message: `The PolicyId ${quoteValue(id.value)} does not start with B2C_1A_. Custom policy Ids carry that prefix: the portal adds it on upload, so the policy runs as ${quoteValue(PREFIX + id.value)}, and files that name ${quoteValue(id.value)} as their base no longer find it.`,
  };
}

/**
 * A base named without the prefix: the service refuses to inherit from it ("is not allowed to inherit from the
 * specified base policy ... cannot match the policy id to a prefix or registered policy id", azure-docs#5303).
 */
function basePrefix(file: PolicyFile, index: PolicyIndex): Finding | undefined {
  const id = file.basePolicy?.policyId;
  if (!judged(id) || prefixed(id.value)) return undefined;
  const fixed = PREFIX + id.value;
  return {
    code: 'B632', parts: [partOf(file.uri, id)], data: index.filesDeclaring(fixed).length ? { replaceWith: fixed } : undefined,
    message: `The base policy ${quoteValue(id.value)} does not start with B2C_1A_: the service lets a custom policy inherit only from a custom policy, whose Id has that prefix, and refuses the upload.`,
  };
}

/**
 * service-limits.md allows 10 levels of inheritance without saying how they are counted. Read as the number of
 * BasePolicy links (a relying party on extensions on base: 2), a chain of 11 links is over; read as the number of
 * files, 10 links (11 files) is over too. So 11 links or more is an error, exactly 10 is information.
 */
function depth(file: PolicyFile, index: PolicyIndex): Finding | undefined {
  const chain = index.chain(file.uri);
  const at = file.basePolicy?.policyId ?? file.basePolicy?.element;
  if (chain.status !== 'complete' || !at) return undefined;
  const links = chain.uris.length - 1;
  if (links < MAX_INHERITANCE_LEVELS) return undefined;
  const over = links > MAX_INHERITANCE_LEVELS;
  return {
    code: 'B630', parts: [partOf(file.uri, at)], severity: over ? undefined : DiagnosticSeverity.Information,
    message: over
      ? `This policy's chain is ${links} BasePolicy links deep (${chain.uris.length} files); the service allows 10 levels of inheritance. Merge some files of the chain.`
      : `This policy's chain is 10 BasePolicy links deep (11 files). The service allows 10 levels of inheritance; if it counts the files rather than the links, this is one too many.`,
  };
}

type TenantForm = 'name' | 'guid';

function tenantForm(v: string): TenantForm | undefined {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return 'guid';
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(v) ? 'name' : undefined;
}

/** Two tenant values that are both judged, of one form (a tenant GUID and a domain may name the same tenant), and differ. */
function differ(a: Span | undefined, b: Span | undefined): boolean {
  if (!judged(a) || !judged(b)) return false;
  const x = a.value.trim(), y = b.value.trim();
  const fx = tenantForm(x);
  return !!fx && fx === tenantForm(y) && x.toLowerCase() !== y.toLowerCase();
}

/**
 * A policy is uploaded to the tenant its TenantId names, and its base is looked up in the tenant that
 * BasePolicy/TenantId names: troubleshoot.md has both match the target tenant. Within a chain of the workspace,
 * a file whose tenant is not its base file's cannot be uploaded to one tenant with it. Judged against the direct
 * base only, so that one wrong file is reported once.
 */
function tenants(file: PolicyFile, index: PolicyIndex): Finding | undefined {
  const own = file.tenantId;
  const baseTenant = file.basePolicy?.tenantId;
  if (differ(own, baseTenant)) {
    return {
      code: 'B634', parts: [partOf(file.uri, baseTenant!)], data: { replaceWith: own!.value.trim() },
      message: `BasePolicy names the tenant ${quoteValue(baseTenant!.value)}, but this policy's TenantId is ${quoteValue(own!.value)}: the base is looked up in the tenant the policy is uploaded to, so both must name it.`,
    };
  }
  const chain = index.chain(file.uri);
  if ((chain.status !== 'complete' && chain.status !== 'root') || chain.parents.length !== 1) return undefined;
  const parent = index.get(chain.parents[0]);
  const mine = judged(baseTenant) ? baseTenant : own;
  if (!parent || !mine || !differ(mine, parent.tenantId)) return undefined;
  const name = parent.policyId?.value ?? parent.uri.slice(parent.uri.lastIndexOf('/') + 1);
  return {
    code: 'B634', parts: [partOf(file.uri, mine)],
    message: `This policy names the tenant ${quoteValue(mine.value)}, but its base ${name} says TenantId ${quoteValue(parent.tenantId!.value)}: the files of one chain are uploaded to one tenant, and the upload refuses a TenantId that is not it.`,
  };
}

/**
 * PublicPolicyUri is documented as the combination of the tenant and the PolicyId (http://{tenant}/{PolicyId}).
 * The upload is not known to check it: Wingtip's deployed policies say only http://b2ctechready.onmicrosoft.com.
 * So a tenant or a PolicyId that disagrees is information, and a URI without a path says nothing.
 */
function publicPolicyUri(file: PolicyFile): Finding | undefined {
  const uri = file.publicPolicyUri;
  if (!judged(uri)) return undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)/i.exec(uri.value.trim());
  if (!m) return undefined;
  const host = m[1].toLowerCase();
  const segments = m[2].split('/').filter(Boolean);
  const problems: string[] = [];
  const tenant = file.tenantId;
  if (judged(tenant) && tenantForm(tenant.value.trim()) === 'name' && host && host !== tenant.value.trim().toLowerCase()) problems.push(`names the host ${quoteValue(m[1])}, not the TenantId ${quoteValue(tenant.value.trim())}`);
  const id = file.policyId;
  const last = segments[segments.length - 1];
  if (judged(id) && last && !isPlaceholder(last) && last.toLowerCase() !== id.value.toLowerCase()) problems.push(`ends in ${quoteValue(last)}, not the PolicyId ${quoteValue(id.value)}`);
  if (!problems.length) return undefined;
  return {
    code: 'B635', parts: [partOf(file.uri, uri)], severity: DiagnosticSeverity.Information,
    message: `PublicPolicyUri ${problems.join(' and ')}; it is meant to be http://<tenant>/<PolicyId>, as in ${quoteValue(`http://${judged(tenant) ? tenant.value.trim() : '<tenant>'}/${judged(id) ? id.value : '<PolicyId>'}`)}.`,
  };
}

/**
 * The starter pack's stand-in for the tenant name. The upload refuses a TenantId that is not the tenant signed in
 * to, so it must be replaced before uploading; but deploy tools replace it themselves (IEF Policies, the
 * deploy-trustframework-policy action), and a template is full of it: one information note per file, on the first
 * place, and an error only in built output (B705).
 */
function standIn(file: PolicyFile, text: string): Finding | undefined {
  const named: Array<readonly [string, Span | undefined]> = [['TenantId', file.tenantId], ['PublicPolicyUri', file.publicPolicyUri], ['BasePolicy/TenantId', file.basePolicy?.tenantId]];
  const places = named.filter((p): p is readonly [string, Span] => !!p[1] && p[1].value.toLowerCase().includes(STAND_IN));
  if (!places.length) return undefined;
  places.sort((a, b) => a[1].start - b[1].start);
  const [where, first] = places[0];
  // Span values are trimmed and entity-decoded: the word is looked for in the text as written.
  const i = text.slice(first.start, first.end).toLowerCase().indexOf(STAND_IN);
  const at = i < 0 ? first : { start: first.start + i, end: first.start + i + STAND_IN.length };
  return {
    code: 'B636', parts: [partOf(file.uri, at)],
    message: `${where} still holds the starter pack's '${STAND_IN}' (noted once per file: look for it elsewhere in the file too). Put your tenant's name, or {Settings:Tenant} for a build, before uploading, unless your deploy tool replaces it.`,
  };
}
