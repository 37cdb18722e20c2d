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
  B111: { severity: DiagnosticSeverity.Warning, title: 'File too large to analyse' },
};
