import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { Workspace } from '../../server/src/node/workspace';
import { pathToUri } from '../../server/src/node/files';
import { mergeProfile, profileAt } from '../../server/src/service/languageService';
import { fixture, policy } from '../helpers/fixture';
import { STARTERPACK } from '../helpers/paths';

describe('merged profile', () => {
  const ws = new Workspace();
  ws.scan([path.join(STARTERPACK, 'SocialAndLocalAccounts')]);
  const ext = pathToUri(path.join(STARTERPACK, 'SocialAndLocalAccounts', 'TrustFrameworkExtensions.xml'));
  const base = pathToUri(path.join(STARTERPACK, 'SocialAndLocalAccounts', 'TrustFrameworkBase.xml'));

  it('merges an extensions override with its base (starter pack login-NonInteractive)', () => {
    const m = mergeProfile(ws.index, ext, 'login-noninteractive')!;
    assert.equal(m.id, 'login-NonInteractive');
    assert.equal(m.protocolName?.value.value, 'OpenIdConnect');
    assert.equal(m.protocolName?.uri, base);
    assert.equal(m.metadata.get('response_types')?.value.value.value, 'id_token');
    assert.deepEqual(m.definitions.map((d) => d.uri), [base, ext]);
    const clientId = m.inputClaims.find((c) => c.value.id.value === 'client_id')!;
    assert.equal(clientId.uri, ext);
    assert.equal(clientId.value.defaultValue, 'ProxyIdentityExperienceFrameworkAppId');
  });

  it('pulls in IncludeTechnicalProfile content transitively (AAD-UserReadUsingObjectId includes AAD-Common)', () => {
    const m = mergeProfile(ws.index, base, 'AAD-UserReadUsingObjectId')!;
    assert.equal(m.handlerShort, 'Web.TPEngine.Providers.AzureActiveDirectoryProvider');
    assert.equal(m.protocolHandler?.profileId, 'AAD-Common');
    assert.deepEqual(m.included, ['AAD-Common']);
    assert.equal(m.metadata.get('Operation')?.value.value.value, 'Read');
  });

  it('lets a later definition override an earlier key, guards include cycles, and reports missing includes', () => {
    const f = fixture(`
<!-- file: /m/Base.xml -->
${policy('B', `<ClaimsProviders><ClaimsProvider><TechnicalProfiles>
  <TechnicalProfile Id="A"><Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0" /><Metadata><Item Key="AuthenticationType">Basic</Item></Metadata><IncludeTechnicalProfile ReferenceId="C" /></TechnicalProfile>
  <TechnicalProfile Id="C"><Metadata><Item Key="SendClaimsIn">Body</Item></Metadata><IncludeTechnicalProfile ReferenceId="A" /><IncludeTechnicalProfile ReferenceId="Gone" /></TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>`)}
<!-- file: /m/Ext.xml -->
${policy('E', `<ClaimsProviders><ClaimsProvider><TechnicalProfiles>
  <TechnicalProfile Id="a"><Metadata><Item Key="AuthenticationType">Bearer</Item></Metadata><CryptographicKeys><Key Id="BearerAuthenticationToken" StorageReferenceId="B2C_1A_T" /></CryptographicKeys></TechnicalProfile>
</TechnicalProfiles></ClaimsProvider></ClaimsProviders>`, 'B')}`);
    const m = mergeProfile(f.index, f.uri('/m/Ext.xml'), 'A')!;
    assert.equal(m.metadata.get('AuthenticationType')?.value.value.value, 'Bearer');
    assert.equal(m.metadata.get('SendClaimsIn')?.profileId, 'C');
    assert.deepEqual([...m.keys.keys()], ['bearerauthenticationtoken']);
    assert.deepEqual(m.missingIncludes, ['Gone']);
    assert.equal(m.handlerShort, 'Web.TPEngine.Providers.RestfulProvider');
    const text = f.text('/m/Ext.xml');
    assert.equal(profileAt(f.index, f.uri('/m/Ext.xml'), text.indexOf('Bearer<'))?.merged.id, 'A');
    assert.equal(mergeProfile(f.index, f.uri('/m/Base.xml'), 'A')!.metadata.get('AuthenticationType')?.value.value.value, 'Basic');
  });
});
