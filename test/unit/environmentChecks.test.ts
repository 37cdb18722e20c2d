import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseXml } from '../../server/src/service/languageService';
import { checkBuiltPolicy } from '../../server/src/service/environments/environmentChecks';
import { parseAppSettings } from '../../server/src/service/environments/appSettingsModel';

const model = parseAppSettings(`{ "Environments": [
  { "Name": "Dev", "Tenant": "contosodev.onmicrosoft.com", "Production": false },
  { "Name": "Prod", "Tenant": "contoso.onmicrosoft.com", "Production": true },
  { "Name": "Short", "Tenant": "contoso", "Production": true } ] }`);
const [dev, prod, short] = model.environments;

const POLICY = `<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0"
  TenantId="contoso.onmicrosoft.com" PolicyId="B2C_1A_rp" DeploymentMode="Development"
  PublicPolicyUri="http://contoso.onmicrosoft.com/B2C_1A_rp">
  <!-- yourtenant: comments are not checked -->
  <BasePolicy><TenantId>other.onmicrosoft.com</TenantId><PolicyId>B2C_1A_base</PolicyId></BasePolicy>
  <ClaimsProviders><ClaimsProvider><TechnicalProfiles><TechnicalProfile Id="REST">
    <Metadata>
      <Item Key="ServiceUrl">https://yourtenant.example/api</Item>
      <Item Key="AuthenticationType">None</Item>
      <Item Key="AllowInsecureAuthInProduction">true</Item>
    </Metadata>
  </TechnicalProfile></TechnicalProfiles></ClaimsProvider></ClaimsProviders>
  <RelyingParty><DefaultUserJourney ReferenceId="J" />
    <UserJourneyBehaviors><JourneyInsights TelemetryEngine="ApplicationInsights" InstrumentationKey="k" DeveloperMode="TRUE" /></UserJourneyBehaviors>
  </RelyingParty>
</TrustFrameworkPolicy>`;

const render = (env: typeof dev) => checkBuiltPolicy(parseXml(POLICY), env).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${String(d.message).split(':')[0]}`);

test('Production environments: development mode, developer journey insights and insecure REST are errors', () => {
  assert.deepEqual(render(prod), [
    '2:75 B703 DeploymentMode="Development" in Prod, a Production environment',
    '5:25 B706 TenantId is other.onmicrosoft.com, but Prod deploys to contoso.onmicrosoft.com',
    '8:38 B705 Item still holds the starter pack\'s "yourtenant" in Prod',
    '10:49 B704 AllowInsecureAuthInProduction is true in Prod, a Production environment',
    '14:120 B703 JourneyInsights DeveloperMode="true" in Prod, a Production environment',
  ]);
});

test('other environments: only leftovers and a foreign TenantId', () => {
  assert.deepEqual(render(dev), [
    '2:13 B706 TenantId is contoso.onmicrosoft.com, but Dev deploys to contosodev.onmicrosoft.com',
    '5:25 B706 TenantId is other.onmicrosoft.com, but Dev deploys to contosodev.onmicrosoft.com',
    '8:38 B705 Item still holds the starter pack\'s "yourtenant" in Dev',
  ]);
});

test('a Tenant that is not a full tenant name is not compared with TenantId (no false error)', () => {
  assert.ok(!render(short).some((l) => l.includes('B706')));
});

test('not a policy: nothing', () => {
  assert.deepEqual(checkBuiltPolicy(parseXml('<root DeploymentMode="Development"/>'), prod), []);
});
