/**
 * The check command's JSON output, for scripts: `{ diagnostics: Finding[], summary }`.
 */
import { CheckResult, visibleFindings } from './check';

export function formatJson(result: CheckResult, verbose: boolean): string {
  return JSON.stringify({ diagnostics: visibleFindings(result.findings, verbose), summary: result.summary }, null, 2) + '\n';
}
