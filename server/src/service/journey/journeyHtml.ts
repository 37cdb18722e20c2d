/**
 * The editor's journey view as HTML, drawn from the journey model: a vertical list of step boxes, the
 * sub-journey a step runs nested inside it, each step's preconditions on the connector above it, the claims it
 * consumes and produces, and the claim-flow findings on their step. Pure: the client puts the page in a webview.
 *
 * Every clickable thing is a `<button data-target="N">` (keyboard reachable, Enter and Space click it); N
 * indexes `targets`, the places the client reveals, so the page itself holds no URI. All policy text goes
 * through `escapeHtml`; the page has no inline style attributes or handlers, so a strict Content-Security-
 * Policy (a nonce for the one script and the one style element) holds.
 */
import { ClaimAt, FlowFinding, JourneyBody, JourneyModel, JourneyStep, SourceRef, StepExchange } from './types';
import { claimNames, conditionText, findingsByStep, journeyHeading, pathKey, preconditionText, severityWord } from './journeyText';

export interface JourneyHtml {
  /** The view's content (what goes inside `<main>`). */
  readonly body: string;
  /** The place each `data-target` index reveals. */
  readonly targets: readonly SourceRef[];
}

/** Text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Claim lists longer than this are folded into a `<details>`. */
const INLINE_CLAIMS = 8;

class HtmlWriter {
  readonly targets: SourceRef[] = [];
  private readonly onStep: ReadonlyMap<string, readonly FlowFinding[]>;

  constructor(private readonly model: JourneyModel) {
    this.onStep = findingsByStep(model).onStep;
  }

  /** A button that reveals `at`, or plain text when there is nowhere to go. */
  link(text: string, at: SourceRef | undefined, cls: string, key: string, title?: string): string {
    const t = title ? ` title="${escapeHtml(title)}"` : '';
    if (!at) return `<span class="${cls}"${t}>${escapeHtml(text)}</span>`;
    this.targets.push(at);
    return `<button type="button" class="link ${cls}" data-target="${this.targets.length - 1}" data-key="${escapeHtml(key)}"${t}>${escapeHtml(text)}</button>`;
  }

  claims(label: string, claims: readonly ClaimAt[], key: string): string {
    const names = claimNames(claims);
    if (!names.length) return '';
    const chips = names.map((name) => {
      const first = claims.find((c) => c.claim.toLowerCase() === name.toLowerCase())!;
      const all = claims.filter((c) => c.claim.toLowerCase() === name.toLowerCase());
      const how = all.map((c) => c.via + (c.defaultValue ? ' (DefaultValue)' : '') + (c.conditional ? ' (only in some runs)' : '')).join(', ');
      const cls = 'claim' + (first.defaultValue ? ' default' : '') + (all.every((c) => c.conditional) ? ' conditional' : '');
      return this.link(name, first.at, cls, `${key}/${name}`, how);
    }).join(' ');
    const head = `<span class="claims-label">${escapeHtml(label)}</span>`;
    if (names.length <= INLINE_CLAIMS) return `<div class="claims">${head} ${chips}</div>`;
    return `<details class="claims"><summary>${head} ${names.length} claims</summary>${chips}</details>`;
  }

  /** What the claim-flow walk found available before the step, folded: "before: 12 claims, 2 maybe". */
  before(step: JourneyStep): string {
    const before = step.before;
    if (!before?.length) return '';
    const maybe = before.filter((b) => b.availability === 'maybe').length;
    const chips = before.map((b) => b.availability === 'maybe'
      ? `<span class="claim maybe" title="maybe: a step that produces it can be skipped">${escapeHtml(b.claim)}?</span>`
      : `<span class="claim">${escapeHtml(b.claim)}</span>`).join(' ');
    const summary = `${before.length} claim${before.length === 1 ? '' : 's'}${maybe ? `, ${maybe} maybe` : ''}`;
    return `<details class="claims before"><summary><span class="claims-label">before</span> ${summary}</summary>${chips || 'none'}</details>`;
  }

  findings(list: readonly FlowFinding[], key: string): string {
    if (!list.length) return '';
    const items = list.map((f, i) => {
      const sev = severityWord(f.severity);
      return `<li class="finding ${sev}"><span class="sev" aria-label="${sev}">${sev === 'error' ? '⛔' : sev === 'warning' ? '⚠' : 'ℹ'}</span> ${this.link(f.code, f.at, 'code', `${key}/finding${i}`)} ${escapeHtml(f.message)}</li>`;
    }).join('');
    return `<ul class="findings" aria-label="Claim-flow findings">${items}</ul>`;
  }

  exchange(x: StepExchange, key: string): string {
    const kind = x.profileKind ? ` <span class="kind">${escapeHtml(x.profileKind)}</span>` : '';
    const name = x.displayName ? ` <span class="display">${escapeHtml(x.displayName)}</span>` : '';
    // Links are made in document order, so that data-target follows the page.
    const head = `${this.link(x.id, x.at, 'exchange-id', `${key}/x/${x.id}`, 'ClaimsExchange')} → ${this.link(x.profileId, x.profileAt, 'profile', `${key}/p/${x.id}`, 'Technical profile')}`;
    const incomplete = x.complete === false ? ' <span class="incomplete" title="Something this profile runs did not resolve, or its kind is unknown">(incomplete)</span>' : '';
    const validations = (x.validations ?? []).map((v, i) => {
      const vk = v.profileKind ? ` <span class="kind">${escapeHtml(v.profileKind)}</span>` : '';
      const when = v.preconditions.length ? ` <span class="condition">${escapeHtml(v.preconditions.map(preconditionText).join(' or '))}</span>` : '';
      const onError = v.continueOnError ? ' <span class="condition">continues on error</span>' : '';
      return `<li>validated by ${this.link(v.profileId, v.profileAt, 'profile', `${key}/v/${x.id}/${i}`, 'Validation technical profile')}${vk}${when}${onError}</li>`;
    }).join('');
    return `<li class="exchange">${head}${kind}${name}${incomplete}${validations ? `<ul class="validations">${validations}</ul>` : ''}</li>`;
  }

  body(body: JourneyBody, prefix: number[]): string {
    if (!body.steps.length) return '<p class="empty">No orchestration steps.</p>';
    const steps = body.steps.map((s) => this.step(s, [...prefix, s.order])).join('');
    return `<ol class="steps">${steps}</ol>`;
  }

  step(step: JourneyStep, path: number[]): string {
    const key = 'step-' + pathKey(path);
    const findings = this.onStep.get(pathKey(path)) ?? [];
    const condition = conditionText(step);
    const classes = ['step', ...(findings.length ? ['has-findings', findings.some((f) => severityWord(f.severity) === 'error') ? 'has-errors' : ''] : []), ...(condition ? ['skippable'] : [])].filter(Boolean);
    const edge = `<div class="edge${condition ? ' conditional' : ''}" aria-hidden="${condition ? 'false' : 'true'}">${condition ? `<span class="condition">${escapeHtml(condition)}</span>` : ''}</div>`;
    const parts: string[] = [];
    parts.push(`<div class="head">${this.link(`Step ${step.order}`, step.at, 'order', key)} <span class="type">${escapeHtml(step.type)}</span>${step.contentDefinition ? ` <span class="content" title="ContentDefinitionReferenceId">${escapeHtml(step.contentDefinition)}</span>` : ''}</div>`);
    if (step.exchanges.length) parts.push(`<ul class="exchanges">${step.exchanges.map((x) => this.exchange(x, key)).join('')}</ul>`);
    for (const s of step.selections) {
      const target = s.targetClaimsExchangeId ?? s.validationClaimsExchangeId;
      if (target) parts.push(`<div class="selection">choice: ${this.link(target, s.at, 'selection', `${key}/sel/${target}`)}</div>`);
    }
    if (step.cpimIssuer) parts.push(`<div class="issuer">issuer ${this.link(step.cpimIssuer.profileId, step.cpimIssuer.profileAt ?? step.cpimIssuer.at, 'profile', `${key}/issuer`)}</div>`);
    parts.push(this.before(step), this.claims('in', step.consumes, `${key}/in`), this.claims('out', step.produces, `${key}/out`));
    parts.push(this.findings(findings, key));
    if (step.subJourney) {
      const sub = step.subJourney;
      parts.push(`<section class="sub" aria-label="${escapeHtml(`${sub.kind} ${sub.id}`)}"><div class="sub-head">${escapeHtml(sub.kind)} ${this.link(sub.id, sub.at, 'journey', `${key}/sub`)}${sub.complete ? '' : ' <span class="incomplete">(incomplete)</span>'}</div>${this.body(sub, path)}</section>`);
    }
    const label = `Step ${step.order}, ${step.type}${condition ? `, ${condition}` : ''}${findings.length ? `, ${findings.length} finding${findings.length === 1 ? '' : 's'}` : ''}`;
    return `<li class="${classes.join(' ')}" aria-label="${escapeHtml(label)}">${edge}<div class="box">${parts.filter(Boolean).join('')}</div></li>`;
  }

  page(note?: string): string {
    const m = this.model;
    const { elsewhere } = findingsByStep(m);
    const out: string[] = [];
    const journey = m.journey;
    const title = journey
      ? `${escapeHtml(m.policyId ?? '')}${m.policyId ? ' · ' : ''}${escapeHtml(journey.kind)} ${this.link(journey.id, journey.at, 'journey', 'journey')}`
      : escapeHtml(journeyHeading(m));
    out.push(`<header><h1>${title}</h1>`);
    if (note) out.push(`<p class="note">${escapeHtml(note)}</p>`);
    if (journey && !journey.complete) out.push('<p class="note">Some profiles of this journey did not resolve or have a kind we do not know: claims they would produce are not shown, and no "never produced" finding is made.</p>');
    if (m.relyingParty) out.push(`<div class="rp">relying party ${this.link(m.relyingParty.profileId, m.relyingParty.at, 'profile', 'rp')}${this.claims('from the request', m.relyingParty.inputClaims, 'rp/in')}</div>`);
    out.push(this.findings(elsewhere, 'journey'));
    out.push('</header>');
    if (journey) out.push(this.body(journey, []));
    if (m.relyingParty) out.push(`<footer>${this.claims('token', m.relyingParty.outputClaims, 'rp/out') || '<span class="claims-label">token</span> no claims'}</footer>`);
    return out.filter(Boolean).join('\n');
  }
}

/** The view's content for a model; `note` is said above it (e.g. which relying party it was merged for). */
export function renderJourneyHtml(model: JourneyModel, note?: string): JourneyHtml {
  const w = new HtmlWriter(model);
  const body = w.page(note);
  return { body, targets: w.targets };
}

/** A message in place of a journey (nothing to show, or why). */
export function renderJourneyMessage(message: string): JourneyHtml {
  return { body: `<p class="note">${escapeHtml(message)}</p>`, targets: [] };
}

export interface PageOptions {
  readonly title: string;
  readonly body: string;
  /** A fresh random value per page load, for the script and the style element. */
  readonly nonce: string;
  /** The webview's `cspSource` (allowed for nothing but images, which the page does not load). */
  readonly cspSource: string;
}

/** The whole webview document: a strict CSP, the theme's colours, and the one small script. */
export function journeyPage(o: PageOptions): string {
  const nonce = escapeHtml(o.nonce);
  const csp = `default-src 'none'; img-src ${o.cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(o.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main id="journey" aria-live="polite">${o.body}</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.2em; font-weight: 600; margin: 12px 0 6px; }
.note { color: var(--vscode-descriptionForeground); margin: 4px 0; }
button.link { font: inherit; color: var(--vscode-textLink-foreground); background: none; border: none; padding: 0 1px; cursor: pointer; text-align: left; }
button.link:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
button.link:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
ol.steps { list-style: none; margin: 0; padding: 0; max-width: 760px; }
.step > .edge { margin-left: 24px; border-left: 2px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); min-height: 14px; padding: 2px 0 2px 10px; }
.step > .edge.conditional { border-left-style: dashed; }
.condition { font-size: 0.9em; color: var(--vscode-descriptionForeground); font-style: italic; }
.box { border: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); border-radius: 4px; padding: 6px 10px; background: var(--vscode-editorWidget-background); }
.skippable > .box { border-style: dashed; }
.has-findings > .box { border-color: var(--vscode-editorWarning-foreground); border-width: 2px; }
.has-errors > .box { border-color: var(--vscode-editorError-foreground); }
.head .order { font-weight: 600; }
.type { font-weight: 600; }
.kind { white-space: nowrap; font-size: 0.85em; padding: 0 4px; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.content, .display { font-size: 0.9em; color: var(--vscode-descriptionForeground); }
.display { font-style: italic; }
ul.exchanges, ul.findings { list-style: none; margin: 4px 0; padding: 0; }
ul.validations { list-style: none; margin: 2px 0 2px 16px; padding: 0; font-size: 0.95em; }
.incomplete { color: var(--vscode-descriptionForeground); font-style: italic; }
.claims { margin: 3px 0; }
.claims-label { color: var(--vscode-descriptionForeground); font-size: 0.9em; min-width: 2.5em; display: inline-block; }
button.claim { font-family: var(--vscode-editor-font-family); font-size: 0.9em; }
button.claim.default, button.claim.conditional, .claim.maybe { font-style: italic; }
span.claim { font-family: var(--vscode-editor-font-family); font-size: 0.9em; }
.finding.error .sev { color: var(--vscode-editorError-foreground); }
.finding.warning .sev { color: var(--vscode-editorWarning-foreground); }
.finding.information .sev, .finding.hint .sev { color: var(--vscode-editorInfo-foreground); }
.sub { margin: 6px 0 2px 8px; padding: 4px 8px; border-left: 3px solid var(--vscode-textLink-foreground); }
.sub-head { color: var(--vscode-descriptionForeground); margin-bottom: 2px; }
footer { margin-top: 12px; max-width: 760px; border-top: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); padding-top: 6px; }
`;

/** Clicks (and Enter/Space on a focused button) ask the extension to reveal a target; updates swap the content and keep the focus. */
const SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const main = document.getElementById('journey');
  document.addEventListener('click', function (e) {
    const el = e.target instanceof Element ? e.target.closest('[data-target]') : null;
    if (el) vscode.postMessage({ type: 'reveal', target: Number(el.getAttribute('data-target')) });
  });
  window.addEventListener('message', function (e) {
    const m = e.data;
    if (!m || m.type !== 'update' || typeof m.body !== 'string') return;
    const focused = document.activeElement && document.activeElement.getAttribute('data-key');
    main.innerHTML = m.body;
    if (focused) {
      for (const el of main.querySelectorAll('[data-key]')) if (el.getAttribute('data-key') === focused) { el.focus(); break; }
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
`;
