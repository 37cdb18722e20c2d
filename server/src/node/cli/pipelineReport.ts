/**
 * The check command's output for CI logs: GitHub Actions workflow commands (`::error file=...::message`) and
 * Azure Pipelines logging commands (`##vso[task.logissue ...]message`), which both services turn into
 * annotations on the file and line. One command per finding, then the usual summary as a plain log line.
 */
import { CheckResult, Finding, visibleFindings } from './check';
import { formatSummary } from './textReport';
import { Style } from './style';

const PLAIN: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s, blue: (s) => s };

export function formatGithub(result: CheckResult, verbose: boolean, summary = true): string {
  return report(result, verbose, summary, githubCommand);
}

export function formatAzure(result: CheckResult, verbose: boolean, summary = true): string {
  return report(result, verbose, summary, azureCommand);
}

function report(result: CheckResult, verbose: boolean, summary: boolean, command: (f: Finding) => string): string {
  const lines = visibleFindings(result.findings, verbose).map(command);
  if (summary) lines.push(formatSummary(result.summary, verbose, PLAIN));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** GitHub has error, warning and notice annotations; information and hints (shown with --verbose) are notices. */
function githubCommand(f: Finding): string {
  const level = f.severity === 'error' || f.severity === 'warning' ? f.severity : 'notice';
  const props = [['file', f.file], ['line', f.line], ['col', f.column], ['endLine', f.endLine], ['endColumn', f.endColumn], ['title', f.code]]
    .map(([k, v]) => `${k}=${githubProperty(String(v))}`).join(',');
  return `::${level} ${props}::${githubData(f.message)}`;
}

function githubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function githubProperty(s: string): string {
  return githubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Azure's task.logissue knows only error and warning. Information and hints (shown with --verbose) stay plain log
 * lines in the text format, so that they are visible without becoming warnings on the run.
 */
function azureCommand(f: Finding): string {
  if (f.severity !== 'error' && f.severity !== 'warning') return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`.replace(/[\r\n]+/g, ' ');
  const props = [['type', f.severity], ['sourcepath', f.file], ['linenumber', f.line], ['columnnumber', f.column], ['code', f.code]]
    .map(([k, v]) => `${k}=${azureProperty(String(v))};`).join('');
  return `##vso[task.logissue ${props}]${azureData(f.message)}`;
}

function azureData(s: string): string {
  return s.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function azureProperty(s: string): string {
  return azureData(s).replace(/;/g, '%3B').replace(/\]/g, '%5D');
}
