/**
 * The journey pictures drawn from hand-made journey models (test/helpers/journeyModels.ts): Mermaid and DOT
 * show the steps in order with their type and exchanges, preconditions on edges, the sub-journey nested,
 * compact claims and the findings; hostile Ids and DisplayNames never leave their label. The Mermaid output of
 * these models was also parsed by Mermaid 8.13 and 11 (labels decoded back to the input) and the DOT output
 * drawn by Graphviz 2.42 while writing the renderers; these tests pin the properties that made that work.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { renderMermaid, mermaidText } from '../../server/src/service/journey/mermaid';
import { dotString, renderDot } from '../../server/src/service/journey/dot';
import { preconditionText } from '../../server/src/service/journey/journeyText';
import { HOSTILE, hostile, signUpOrSignIn } from '../helpers/journeyModels';

/** Undoes mermaidText (Mermaid decodes `#name;` and `#123;` after parsing). */
function decodeMermaid(s: string): string {
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };
  return s.replace(/#(\w+);/g, (_, n: string) => (/^\d+$/.test(n) ? String.fromCodePoint(Number(n)) : named[n]));
}

/** Node id → label lines, for `id["..."]`, `id(["..."])`. */
function mermaidNodes(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(/^\s*(\w+)\(?\["([^"]*)"\]\)?$/gm)) out.set(m[1], m[2].split('<br/>').map(decodeMermaid));
  return out;
}

function mermaidEdges(text: string): Array<{ from: string; to: string; label?: string }> {
  return [...text.matchAll(/^\s*(\w+) -(?:->|\.->)(?:\|"([^"]*)"\|)? (\w+)$/gm)].map((m) => ({ from: m[1], to: m[3], label: m[2] && decodeMermaid(m[2]) }));
}

describe('Mermaid journey', () => {
  const text = renderMermaid(signUpOrSignIn());
  const nodes = mermaidNodes(text);
  const edges = mermaidEdges(text);

  it('starts with graph TD and draws every step, in order, with its type and exchange', () => {
    assert.equal(text.split('\n')[0], 'graph TD');
    const steps = [...nodes.keys()].filter((k) => /^s\d+$/.test(k));
    assert.deepEqual(steps, ['s1', 's2', 's3', 's4']);
    assert.deepEqual(nodes.get('s1')!.slice(0, 2), ['1 · CombinedSignInAndSignUp', 'LocalAccountSigninEmailExchange: SelfAsserted-LocalAccountSignin-Email (SelfAsserted)']);
    assert.equal(nodes.get('s4')![1], 'issuer: JwtIssuer');
  });

  it('chains the steps start → 1 → 2 → 3 → sub-journey → 4 → token, with preconditions on the edges into skippable steps', () => {
    const pairs = edges.map((e) => `${e.from}>${e.to}`);
    assert.deepEqual(new Set(pairs), new Set(['start>s1', 's1>s2', 's2>s3', 's3>s3_1', 's3_1>s3_2', 's3_2>s4', 's4>finish']));
    assert.equal(edges.find((e) => e.to === 's2')!.label, 'skip if objectId exists');
    assert.equal(edges.find((e) => e.to === 's3_2')!.label, 'skip unless authenticationSource = localAccountAuthentication');
    assert.equal(edges.find((e) => e.to === 's1')!.label, undefined);
    assert.match(text, /class s2,s3_2 skippable/);
  });

  it('nests the sub-journey in a subgraph that holds its steps and only them', () => {
    const lines = text.split('\n');
    const open = lines.findIndex((l) => l.trim().startsWith('subgraph s3_sub'));
    const close = lines.findIndex((l, i) => i > open && l.trim() === 'end');
    assert.ok(open > 0 && close > open);
    assert.equal(decodeMermaid(lines[open].match(/\["(.*)"\]/)![1]), 'SubJourney ReadUser');
    const inside = lines.slice(open + 1, close).map((l) => l.trim().match(/^(\w+)\[/)?.[1]);
    assert.deepEqual(inside, ['s3_1', 's3_2']);
    // Edges are written after every node, never inside a subgraph (that would pull the outside node in).
    assert.ok(lines.slice(open, close).every((l) => !l.includes('-->')));
  });

  it('shows claims in and out compactly and marks the findings on their step and on the token', () => {
    assert.deepEqual(nodes.get('s2')!.slice(2), ['out: objectId, email, newUser, displayName, +2 more']);
    assert.deepEqual(nodes.get('s3_1')!.slice(2), ['in: objectId', 'out: displayName']);
    assert.equal(nodes.get('s3_2')!.at(-1), '⚠ B601 loyaltyNumber');
    assert.deepEqual(nodes.get('finish'), ['token: displayName, givenName, surname, email, +2 more', '⚠ B602 tenantId']);
    assert.match(text, /class s3_2,finish finding/);
  });

  it('keeps hostile policy text inside its labels: no quote, markup, backtick, pipe or raw # gets out', () => {
    const out = renderMermaid(hostile());
    for (const m of out.matchAll(/"([^"]*)"/g)) {
      const inner = m[1].replace(/<br\/>/g, '');
      assert.doesNotMatch(inner, /[<>`|&\n]/, inner);
      // Every # starts an entity code (an unescaped one would be decoded by Mermaid).
      assert.doesNotMatch(inner.replace(/#\w+;/g, ''), /#/);
    }
    // The quotes pair up line by line: no label ends early.
    for (const line of out.split('\n')) assert.equal((line.match(/"/g) ?? []).length % 2, 0, line);
    const decoded = mermaidNodes(out);
    assert.ok(decoded.get('start')![0].includes(HOSTILE));
    assert.ok(decoded.get('s1')![0].endsWith(HOSTILE));
    // A line that names "style" has no raw colon (Mermaid would take it for a style statement and drop a ';').
    for (const line of out.split('\n')) if (/style|classDef/.test(line) && !/^\s*(classDef|class) /.test(line)) assert.doesNotMatch(line, /:/, line);
    assert.equal(mermaidText('a:b'), 'a:b');
  });

  it('draws a model without a journey as its start node and token only', () => {
    const m = { ...signUpOrSignIn(), journey: undefined, defaultJourneyId: 'Missing', findings: [] };
    const out = renderMermaid(m);
    assert.deepEqual(mermaidNodes(out).get('start'), ['B2C_1A_signup_signin · UserJourney Missing (not found)']);
    assert.deepEqual(mermaidEdges(out).map((e) => `${e.from}>${e.to}`), ['start>finish']);
  });
});

describe('DOT journey', () => {
  const text = renderDot(signUpOrSignIn());

  it('is one digraph whose steps come in order, with the sub-journey as a cluster', () => {
    assert.match(text, /^digraph journey \{\n/);
    assert.ok(text.endsWith('}\n'));
    const ids = [...text.matchAll(/^\s*(s[\d_]+) \[label=/gm)].map((m) => m[1]);
    assert.deepEqual(ids, ['s1', 's2', 's3', 's3_1', 's3_2', 's4']);
    const cluster = text.slice(text.indexOf('subgraph cluster_s3 {'), text.indexOf('}', text.indexOf('subgraph cluster_s3 {')));
    assert.match(cluster, /label="SubJourney ReadUser"/);
    assert.match(cluster, /s3_1 \[label=/);
    assert.doesNotMatch(cluster, /->/);
  });

  it('puts preconditions on edges and marks findings and skippable steps', () => {
    assert.match(text, /s1 -> s2 \[label="skip if objectId exists"\];/);
    assert.match(text, /s3_2 \[label="[^"]*\\n! B601 loyaltyNumber", color="#d32f2f", penwidth=2, style="rounded,dashed"\];/);
    assert.match(text, /s3_2 -> s4;/);
    assert.match(text, /finish \[shape=oval, label="token: [^"]*\\n! B602 tenantId", color="#d32f2f"/);
  });

  it('escapes backslash, quote and ampersand so that labels round-trip', () => {
    assert.equal(dotString(['a"b\\N&amp;', 'x']), '"a\\"b\\\\N&amp;amp;\\nx"');
    const out = renderDot(hostile());
    for (const line of out.split('\n')) {
      // Outside the escaped pairs, quotes pair up: no label ends early.
      const bare = line.replace(/\\\\/g, '').replace(/\\"/g, '');
      assert.equal((bare.match(/"/g) ?? []).length % 2, 0, line);
    }
  });
});

describe('precondition wording', () => {
  it('says when a step is skipped, for both values of ExecuteActionsIf and other actions', () => {
    assert.equal(preconditionText({ type: 'ClaimsExist', executeActionsIf: true, claim: 'objectId', action: 'SkipThisOrchestrationStep' }), 'skip if objectId exists');
    assert.equal(preconditionText({ type: 'ClaimsExist', executeActionsIf: false, claim: 'objectId' }), 'skip unless objectId exists');
    assert.equal(preconditionText({ type: 'ClaimEquals', executeActionsIf: true, claim: 'idp', value: 'facebook.com', action: 'SkipThisOrchestrationStep' }), 'skip if idp = facebook.com');
    assert.equal(preconditionText({ type: 'ClaimEquals', executeActionsIf: true, claim: 'x', value: 'y', action: 'Other' }), 'Other if x = y');
  });
});
