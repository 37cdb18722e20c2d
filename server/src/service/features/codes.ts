import { DiagnosticSeverity } from 'vscode-languageserver-types';

export interface CodeInfo {
  readonly severity: DiagnosticSeverity;
  /** One line naming the problem, for SARIF rule names and settings docs. */
  readonly title: string;
}

/**
 * Every diagnostic code the service can report, with its default severity. Codes are stable: settings,
 * the CLI's --config and SARIF output refer to them. Ranges: B1xx structure of the workspace and references,
 * B2xx RESTful rules, B3xx OpenID Connect/OAuth2 and secrets, B4xx Metadata, B5xx journeys, B8xx schema.
 */
export const CODES: Record<string, CodeInfo> = {
  B100: { severity: DiagnosticSeverity.Error, title: 'XML is not well formed' },
  B101: { severity: DiagnosticSeverity.Error, title: 'Reference to an Id that the policy and its bases do not define' },
  B102: { severity: DiagnosticSeverity.Information, title: 'Reference not found in any candidate base (ambiguous chain)' },
  B103: { severity: DiagnosticSeverity.Information, title: 'Base policy not found in the workspace: references are not checked' },
  B104: { severity: DiagnosticSeverity.Information, title: 'Several files could be the base policy' },
  B105: { severity: DiagnosticSeverity.Error, title: 'Inheritance cycle' },
  B106: { severity: DiagnosticSeverity.Error, title: 'Same Id defined twice in one file' },
  B107: { severity: DiagnosticSeverity.Error, title: 'Same ClaimsExchange Id twice in one journey' },
  B108: { severity: DiagnosticSeverity.Information, title: 'Reference differs from the definition only in letter case' },
  B109: { severity: DiagnosticSeverity.Warning, title: 'DOCTYPE declaration ignored' },
  B110: { severity: DiagnosticSeverity.Error, title: 'BasePolicy without a PolicyId' },
  B111: { severity: DiagnosticSeverity.Warning, title: 'File not analysed: binary, too large, undecodable or unreadable' },
  B201: { severity: DiagnosticSeverity.Warning, title: 'RESTful API called without authentication' },
  B202: { severity: DiagnosticSeverity.Error, title: 'RESTful API without authentication in a production-mode policy' },
  B203: { severity: DiagnosticSeverity.Warning, title: 'AllowInsecureAuthInProduction is true' },
  B204: { severity: DiagnosticSeverity.Error, title: 'Basic authentication without its user name or password key' },
  B205: { severity: DiagnosticSeverity.Error, title: 'Client-certificate authentication without a ClientCertificate key' },
  B206: { severity: DiagnosticSeverity.Error, title: 'Bearer authentication without a token key or UseClaimAsBearerToken' },
  B207: { severity: DiagnosticSeverity.Error, title: 'Bearer-token claim is not an input claim of the profile' },
  B208: { severity: DiagnosticSeverity.Hint, title: 'No profile in the chain outputs the bearer-token claim' },
  B209: { severity: DiagnosticSeverity.Error, title: 'ApiKeyHeader authentication needs exactly one key' },
  B210: { severity: DiagnosticSeverity.Error, title: 'ApiKeyHeader key Id is not a valid HTTP header name' },
  B211: { severity: DiagnosticSeverity.Warning, title: 'Key not used by the authentication type' },
  B212: { severity: DiagnosticSeverity.Error, title: 'Unknown AuthenticationType' },
  B213: { severity: DiagnosticSeverity.Error, title: 'Credentials sent to an http:// ServiceUrl' },
  B214: { severity: DiagnosticSeverity.Warning, title: 'ServiceUrl uses http://' },
  B215: { severity: DiagnosticSeverity.Error, title: 'ServiceUrl is not an absolute URL or template' },
  B216: { severity: DiagnosticSeverity.Error, title: 'Request-payload claim is not an input claim' },
  B217: { severity: DiagnosticSeverity.Error, title: 'Request-payload claim with SendClaimsIn other than Body' },
  B301: { severity: DiagnosticSeverity.Error, title: 'Token request needs a client_secret key' },
  B302: { severity: DiagnosticSeverity.Error, title: 'private_key_jwt without an assertion_signing_key' },
  B303: { severity: DiagnosticSeverity.Warning, title: 'token_signing_algorithm without private_key_jwt' },
  B310: { severity: DiagnosticSeverity.Error, title: 'Secret written in plain text instead of a policy key' },
  B311: { severity: DiagnosticSeverity.Warning, title: 'StorageReferenceId without the B2C_1A_ prefix' },
  B401: { severity: DiagnosticSeverity.Warning, title: 'Unknown Metadata key for the profile kind' },
  B402: { severity: DiagnosticSeverity.Warning, title: 'Metadata key differs from the documented one only in letter case' },
  B403: { severity: DiagnosticSeverity.Error, title: 'Metadata value outside the documented enumeration' },
  B404: { severity: DiagnosticSeverity.Error, title: 'Required Metadata item missing' },
  B406: { severity: DiagnosticSeverity.Error, title: 'Required CryptographicKeys entry missing' },
  B407: { severity: DiagnosticSeverity.Error, title: 'Profile does not meet a documented rule of its kind' },
  B408: { severity: DiagnosticSeverity.Warning, title: 'Profile goes against a recommendation of its kind' },
  B501: { severity: DiagnosticSeverity.Error, title: 'Two orchestration steps with the same Order' },
  B502: { severity: DiagnosticSeverity.Error, title: 'Orchestration step Orders do not run 1..n' },
  B503: { severity: DiagnosticSeverity.Error, title: 'User journey without a SendClaims step' },
  B504: { severity: DiagnosticSeverity.Error, title: 'Selection target is not an exchange of a later step' },
  B505: { severity: DiagnosticSeverity.Error, title: 'Several ClaimsExchanges without a preceding selection step' },
  B506: { severity: DiagnosticSeverity.Hint, title: 'Step runs after the SendClaims step' },
  B801: { severity: DiagnosticSeverity.Error, title: 'Element not allowed here by the policy schema' },
  B802: { severity: DiagnosticSeverity.Error, title: 'Element out of the order the schema requires' },
  B803: { severity: DiagnosticSeverity.Error, title: 'Required child element missing' },
  B804: { severity: DiagnosticSeverity.Error, title: 'Required attribute missing' },
  B805: { severity: DiagnosticSeverity.Error, title: 'Attribute or element value outside the schema enumeration' },
  B806: { severity: DiagnosticSeverity.Error, title: 'Element occurs more often than the schema allows' },
  B807: { severity: DiagnosticSeverity.Warning, title: 'Attribute unknown to the policy schema' },
};
