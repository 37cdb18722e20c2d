/**
 * The journey model as a Graphviz DOT digraph: step boxes top to bottom, sub-journeys as nested clusters,
 * preconditions on the edges into the steps they skip, findings in red. Node ids are ours (`s4_2`); every
 * label is a double-quoted DOT string with `\`, `"` and `&` escaped, so no Id or DisplayName can end it, and
 * neither a `\N`-style escape nor an HTML entity of Graphviz's survives from the policy text.
 */
import { ClaimAt, FlowFinding, JourneyBody, JourneyModel, JourneyStep } from './types';
import { compactClaims, conditionText, findingsByStep, journeyHeading, pathKey, stepLabelLines, tokenClaimsText } from './journeyText';

/** A DOT double-quoted string holding `lines`, centred line by line. */
export function dotString(lines: readonly (string | undefined)[]): string {
  // Graphviz reads HTML entities (`&amp;`) in any label, so a literal `&` is one too.
  const esc = (s: string) => s.replace(/[\r\n\t]+/g, ' ').replace(/&/g, '&amp;').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return '"' + lines.filter((l): l is string => !!l).map(esc).join('\\n') + '"';
}

function claimsLine(prefix: string, claims: readonly ClaimAt[]): string | undefined {
  const c = compactClaims(claims);
  return c && `${prefix}: ${c}`;
}

class DotWriter {
  readonly lines: string[] = [];
  /** Edges, written after every node at the top level: an edge inside a subgraph would pull its outside end in. */
  readonly edges: string[] = [];
  private readonly onStep: ReadonlyMap<string, readonly FlowFinding[]>;

  constructor(model: JourneyModel) {
    this.onStep = findingsByStep(model).onStep;
  }

  body(body: JourneyBody, prefix: number[], indent: string, entry: readonly string[]): readonly string[] {
    let exits = entry;
    for (const step of body.steps) {
      const { first, exits: next } = this.step(step, [...prefix, step.order], indent);
      const condition = conditionText(step);
      for (const from of exits) this.edges.push(`  ${from} -> ${first}${condition ? ` [label=${dotString([condition])}]` : ''};`);
      exits = next;
    }
    return exits;
  }

  private step(step: JourneyStep, path: number[], indent: string): { first: string; exits: readonly string[] } {
    const id = 's' + path.join('_');
    const findings = this.onStep.get(pathKey(path)) ?? [];
    const lines = stepLabelLines(step, findings, '!');
    const attrs = [`label=${dotString(lines)}`];
    if (findings.length) attrs.push('color="#d32f2f"', 'penwidth=2');
    if (step.preconditions.length) attrs.push('style="rounded,dashed"');
    this.lines.push(`${indent}${id} [${attrs.join(', ')}];`);
    if (!step.subJourney) return { first: id, exits: [id] };
    const sub = step.subJourney;
    this.lines.push(`${indent}subgraph cluster_${id} {`);
    this.lines.push(`${indent}  label=${dotString([`${sub.kind} ${sub.id}`])};`);
    const exits = sub.steps.length ? this.body(sub, path, indent + '  ', [id]) : [id];
    this.lines.push(`${indent}}`);
    return { first: id, exits };
  }
}

/** The model as a DOT digraph (`dot -Tsvg` draws it). */
export function renderDot(model: JourneyModel): string {
  const w = new DotWriter(model);
  w.lines.push('digraph journey {');
  w.lines.push('  rankdir=TB;');
  w.lines.push('  node [shape=box, style=rounded, fontname="Helvetica"];');
  w.lines.push('  edge [fontname="Helvetica", fontsize=10];');
  w.lines.push(`  start [shape=oval, label=${dotString([journeyHeading(model), claimsLine('from the request', model.relyingParty?.inputClaims ?? [])])}];`);
  let exits: readonly string[] = ['start'];
  if (model.journey) exits = w.body(model.journey, [], '  ', exits);
  const { elsewhere } = findingsByStep(model);
  if (model.relyingParty || elsewhere.length) {
    const lines = [tokenClaimsText(model) ?? 'end', ...elsewhere.map((f) => `! ${f.code}${f.claim ? ` ${f.claim}` : ''}`)];
    w.lines.push(`  finish [shape=oval, label=${dotString(lines)}${elsewhere.length ? ', color="#d32f2f", penwidth=2' : ''}];`);
    for (const from of exits) w.edges.push(`  ${from} -> finish [style=dotted];`);
  }
  w.lines.push(...w.edges);
  w.lines.push('}');
  return w.lines.join('\n') + '\n';
}
