/**
 * The journey model as a Mermaid flowchart that renders on GitHub and in Azure DevOps wikis.
 *
 * Portability choices (the Azure DevOps wiki has long run an older Mermaid than GitHub):
 * - The header is `graph TD`, the flowchart's original keyword: Azure DevOps answered `flowchart` with
 *   "Unsupported diagram type" (MicrosoftDocs/azure-devops-docs#12028) while `graph` renders everywhere.
 * - Edges join nodes only, never subgraphs (links to a subgraph need the newer renderer).
 * - Every label is quoted, edge text too (`-->|"..."|`; Mermaid 8.13 rejects the entity codes below in
 *   unquoted edge text), and every character outside a small safe set is written as a Mermaid entity code
 *   (`#quot;`, `#lt;`, `#35;` ...), which Mermaid decodes after parsing. So no Id or DisplayName can end a
 *   label, start markup, open a Markdown string (a backtick) or a link (`|`), whatever it holds. The only markup
 *   we emit ourselves is `<br/>` between the lines of a label.
 */
import { ClaimAt, FlowFinding, JourneyBody, JourneyModel, JourneyStep } from './types';
import { compactClaims, conditionText, findingsByStep, journeyHeading, pathKey, stepLabelLines, tokenClaimsText } from './journeyText';

/** Characters written as they are; everything else becomes an entity code. */
const SAFE = /[A-Za-z0-9 _.,:=+\-/·()[\]{}]/;
const NAMED: Record<string, string> = { '"': 'quot', '<': 'lt', '>': 'gt', '&': 'amp', '#': '35' };

/** One line of label text, made safe inside a quoted Mermaid label or edge text. */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    if (SAFE.test(ch)) out += ch;
    else {
      const named = NAMED[ch];
      out += named ? `#${named};` : `#${ch.codePointAt(0)};`;
    }
  }
  return out;
}

/**
 * Before parsing, Mermaid drops the last `;` of any line with "style" or "classDef", then a `:` and later a `#`
 * and a `;` (it takes the line for a style statement), which would break that line's last entity code. A label
 * that names such a word gets its colons as codes, so that no such line has a `:`.
 */
function guardStyle(text: string): string {
  return /style|classDef/.test(text) ? text.replace(/:/g, '#58;') : text;
}

/** A quoted label of several lines. */
function label(lines: readonly (string | undefined)[]): string {
  return '"' + guardStyle(lines.filter((l): l is string => !!l).map(mermaidText).join('<br/>')) + '"';
}


function claimsLine(prefix: string, claims: readonly ClaimAt[]): string | undefined {
  const c = compactClaims(claims);
  return c && `${prefix}: ${c}`;
}

interface Emitted {
  /** Node id of the step's box. */
  readonly first: string;
  /** Node ids the flow leaves from after this step (the step itself, or the last steps of its sub-journey). */
  readonly exits: readonly string[];
}

class MermaidWriter {
  readonly lines: string[] = [];
  /** Edges, written after every node at the top level: an edge inside a subgraph would pull its outside end in. */
  readonly edges: string[] = [];
  readonly findingNodes: string[] = [];
  readonly skippable: string[] = [];
  private readonly onStep: ReadonlyMap<string, readonly FlowFinding[]>;

  constructor(model: JourneyModel) {
    this.onStep = findingsByStep(model).onStep;
  }

  body(body: JourneyBody, prefix: number[], indent: string, entry: readonly string[], entryLabel?: string): readonly string[] {
    let exits = entry;
    let pendingLabel = entryLabel;
    for (const step of body.steps) {
      const emitted = this.step(step, [...prefix, step.order], indent);
      const condition = conditionText(step);
      const text = [pendingLabel, condition].filter(Boolean).join('; ');
      for (const from of exits) this.edges.push(`  ${from} -->${text ? `|"${guardStyle(mermaidText(text))}"|` : ''} ${emitted.first}`);
      pendingLabel = undefined;
      exits = emitted.exits;
    }
    return exits;
  }

  private step(step: JourneyStep, path: number[], indent: string): Emitted {
    const id = 's' + path.join('_');
    const findings = this.onStep.get(pathKey(path)) ?? [];
    const lines = stepLabelLines(step, findings, '⚠');
    this.lines.push(`${indent}${id}[${label(lines)}]`);
    if (findings.length) this.findingNodes.push(id);
    if (step.preconditions.length) this.skippable.push(id);
    if (!step.subJourney) return { first: id, exits: [id] };
    // A sub-journey is drawn as a nested subgraph that the step enters; the flow goes on from its last step.
    const sub = step.subJourney;
    this.lines.push(`${indent}subgraph ${id}_sub [${label([`${sub.kind} ${sub.id}`])}]`);
    const exits = sub.steps.length ? this.body(sub, path, indent + '  ', [id]) : [id];
    this.lines.push(`${indent}end`);
    return { first: id, exits };
  }
}

/** The model as a Mermaid flowchart (the text of a ```mermaid block, without the fence). */
export function renderMermaid(model: JourneyModel): string {
  const w = new MermaidWriter(model);
  const heading = journeyHeading(model);
  w.lines.push('graph TD');
  w.lines.push(`  start([${label([heading, claimsLine('from the request', model.relyingParty?.inputClaims ?? [])])}])`);
  let exits: readonly string[] = ['start'];
  if (model.journey) exits = w.body(model.journey, [], '  ', exits);
  const { elsewhere } = findingsByStep(model);
  const endLines = [tokenClaimsText(model) ?? 'end', ...elsewhere.map((f) => `⚠ ${f.code}${f.claim ? ` ${f.claim}` : ''}`)];
  if (model.relyingParty || elsewhere.length) {
    w.lines.push(`  finish([${label(endLines)}])`);
    for (const from of exits) w.edges.push(`  ${from} -.-> finish`);
    if (elsewhere.length) w.findingNodes.push('finish');
  }
  w.lines.push(...w.edges);
  w.lines.push('  classDef finding stroke:#d32f2f,stroke-width:3px');
  w.lines.push('  classDef skippable stroke-dasharray:5 3');
  if (w.skippable.length) w.lines.push(`  class ${w.skippable.join(',')} skippable`);
  if (w.findingNodes.length) w.lines.push(`  class ${w.findingNodes.join(',')} finding`);
  return w.lines.join('\n') + '\n';
}
