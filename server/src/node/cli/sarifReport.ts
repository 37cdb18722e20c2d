/**
 * The check command's SARIF 2.1.0 output, for code-scanning services: one run, one rule per diagnostic code
 * (from the CODES table), one result per finding with a relative artifact URI and a 1-based region.
 */
import { CODES } from '../../service/languageService';
import { CheckResult, Finding, SeverityName, visibleFindings } from './check';
import { codeExplanation } from '../codeDocs';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Record<SeverityName, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const DEFAULT_LEVELS: Record<number, Level> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly helpUri?: string;
  readonly help: { readonly text: string };
  readonly defaultConfiguration: { readonly level: Level };
}

/** `docsUrl`: the web folder of the code pages (ending in '/'), for each rule's helpUri. */
export function formatSarif(result: CheckResult, verbose: boolean, version: string, docsUrl?: string): string {
  const findings = visibleFindings(result.findings, verbose);
  const rules = buildRules(findings, docsUrl);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'b2c-policy', version, rules } },
      columnKind: 'utf16CodeUnits',
      results: findings.map((f) => toResult(f, ruleIndex.get(f.code)!)),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Every known code, plus any code a newer validator reported that the table does not list yet. */
function buildRules(findings: readonly Finding[], docsUrl?: string): SarifRule[] {
  const rules = Object.entries(CODES).map(([id, info]) => rule(id, info.title, DEFAULT_LEVELS[info.severity] ?? 'warning', docsUrl));
  const known = new Set(rules.map((r) => r.id));
  for (const f of findings) {
    if (known.has(f.code)) continue;
    known.add(f.code);
    rules.push(rule(f.code, `Diagnostic ${f.code || '(no code)'}`, LEVELS[f.severity]));
  }
  return rules;
}

function rule(id: string, title: string, level: Level, docsUrl?: string): SarifRule {
  const explained = codeExplanation(id);
  return {
    id,
    name: ruleName(title),
    shortDescription: { text: title },
    fullDescription: { text: explained ?? `${title}.` },
    ...(docsUrl && explained ? { helpUri: `${docsUrl}${id}.md` } : {}),
    help: { text: `${title}. Change its severity or turn it off with "diagnostics": { "codes": { "${id}": "off" } } in .b2cpolicyrc.json, or with the b2cPolicy.diagnostics.codes setting in the editor.` },
    defaultConfiguration: { level },
  };
}

/** A PascalCase name from the title, as SARIF viewers show rule names. */
function ruleName(title: string): string {
  return title.replace(/[^A-Za-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function toResult(f: Finding, ruleIndex: number) {
  return {
    ruleId: f.code,
    ruleIndex,
    level: LEVELS[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: relativeUri(f.file), uriBaseId: '%SRCROOT%' },
        region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
      },
    }],
  };
}

/** A relative URI reference for a path with '/' separators: each segment percent-encoded. */
export function relativeUri(file: string): string {
  return file.split('/').map((seg) => (seg === '..' || seg === '.' ? seg : encodeURIComponent(seg))).join('/');
}
