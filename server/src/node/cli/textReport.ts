/**
 * The check command's text output: one `file:line:col severity code message` line per finding, then a summary.
 */
import { CheckResult, Finding, SeverityName, Summary, visibleFindings } from './check';
import { Style } from './style';

export function formatText(result: CheckResult, verbose: boolean, style: Style): string {
  const lines = visibleFindings(result.findings, verbose).map((f) => formatFinding(f, style));
  lines.push(formatSummary(result.summary, verbose, style));
  return lines.join('\n') + '\n';
}

const SEVERITY_STYLE: Record<SeverityName, keyof Style> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'dim' };

export function formatFinding(f: Finding, style: Style): string {
  const paint = style[SEVERITY_STYLE[f.severity]];
  return `${style.bold(`${f.file}:${f.line}:${f.column}`)} ${paint(f.severity)} ${style.dim(f.code)} ${f.message}`;
}

export function formatSummary(s: Summary, verbose: boolean, style: Style): string {
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning'), `${s.information} info`, plural(s.hints, 'hint')].join(', ');
  const hidden = !verbose && s.information + s.hints > 0 ? ' (info and hints not shown; --verbose shows them)' : '';
  const text = `${plural(s.files, 'policy file')} checked: ${counts}${hidden}${describeNotChecked(s)}`;
  return s.errors ? style.red(text) : s.warnings ? style.yellow(text) : style.green(text);
}

/** What was left out and why; empty when every file was checked in full. */
function describeNotChecked(s: Summary): string {
  const { baseFolders, incompleteChains, notAnalysed } = s.notChecked;
  const parts: string[] = [];
  if (notAnalysed) parts.push(`${notAnalysed} not analysed (B111)`);
  if (incompleteChains) parts.push(`${incompleteChains} with an incomplete chain, whose references are not checked (B103)`);
  if (baseFolders) parts.push(`${plural(baseFolders, 'file')} in base folders not checked`);
  return parts.length ? `; ${parts.join('; ')}` : '';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
