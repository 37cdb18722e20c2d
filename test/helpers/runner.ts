/**
 * Effective-policy rules judge only what a relying party runs. Rule tests are about the rules, so their
 * fixtures get runners: for each most-derived file without a RelyingParty, one relying-party file whose
 * journey calls every profile it can see (except those that other profiles include: fragments), invokes
 * every sub journey, and one more per user journey that runs that journey. Runners live under /__run/ and
 * copy the DeploymentMode of the file they extend. Tests of reachability itself use the plain fixture index.
 */
import { PolicyIndex, parsePolicy } from '../../server/src/service/languageService';
import { PolicyFile, idKey } from '../../server/src/service/model/policyFile';
import type { Fixture } from './fixture';

const RUNNERS = new WeakMap<Fixture, PolicyIndex>();

export function runnableIndex(f: Fixture): PolicyIndex {
  const held = RUNNERS.get(f);
  if (held) return held;
  const index = new PolicyIndex();
  for (const { file } of f.files.values()) index.set(file);
  let n = 0;
  for (const { file } of f.files.values()) {
    if (!file.isPolicy || !file.policyId || file.relyingParty || f.index.dependentsOf(file.uri).length) continue;
    n = addRunners(index, f.index, file, n);
  }
  RUNNERS.set(f, index);
  return index;
}

/**
 * Adds to `index` the runners of one file as `source` sees it: a relying party that runs every non-fragment
 * profile and invokes every sub journey, and one per user journey. Returns the next free runner number.
 */
export function addRunners(index: PolicyIndex, source: PolicyIndex, file: PolicyFile, n = 0): number {
  if (!file.policyId) return n;
  const mode = file.deploymentMode ? ` DeploymentMode="${file.deploymentMode.value}"` : '';
  const base = file.policyId.value;
  const profiles = [...source.visible(file.uri, 'TechnicalProfile').values()];
  const included = new Set(profiles.flatMap((defs) => defs.flatMap((d) => d.item.detail?.type === 'profile' ? d.item.detail.includes.map((i) => idKey(i.value)) : [])));
  const steps = profiles.filter((defs) => !included.has(defs[0].item.key)).map((defs) => `<OrchestrationStep Order="{n}" Type="ClaimsExchange"><ClaimsExchanges><ClaimsExchange Id="Run{n}" TechnicalProfileReferenceId="${defs[0].item.id}" /></ClaimsExchanges></OrchestrationStep>`);
  for (const defs of source.visible(file.uri, 'SubJourney').values()) {
    steps.push(`<OrchestrationStep Order="{n}" Type="InvokeSubJourney"><JourneyList><Candidate SubJourneyReferenceId="${defs[0].item.id}" /></JourneyList></OrchestrationStep>`);
  }
  steps.push('<OrchestrationStep Order="{n}" Type="SendClaims" />');
  const journey = `<UserJourneys><UserJourney Id="RunEverything${n}"><OrchestrationSteps>${steps.map((s, i) => s.replace(/\{n\}/g, String(i + 1))).join('')}</OrchestrationSteps></UserJourney></UserJourneys>`;
  add(index, `B2C_1A_Run${n}`, base, mode, journey, `RunEverything${n}`);
  n++;
  for (const defs of source.visible(file.uri, 'UserJourney').values()) {
    add(index, `B2C_1A_Run${n}`, base, mode, '', defs[0].item.id);
    n++;
  }
  return n;
}

function add(index: PolicyIndex, id: string, base: string, mode: string, body: string, journey: string): void {
  const text = `<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com" PolicyId="${id}" PublicPolicyUri="http://contoso.onmicrosoft.com/${id}"${mode}>
  <BasePolicy><TenantId>contoso.onmicrosoft.com</TenantId><PolicyId>${base}</PolicyId></BasePolicy>
  ${body}
  <RelyingParty><DefaultUserJourney ReferenceId="${journey}" /></RelyingParty>
</TrustFrameworkPolicy>
`;
  index.set(parsePolicy(`file:///fixture/__run/${id}.xml`, 1, text).file);
}
