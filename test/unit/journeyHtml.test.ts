/**
 * The journey view's HTML (server/src/service/journey/journeyHtml.ts) on hand-made models: steps in order with
 * nested sub-journeys, preconditions on connectors, findings on their step, every target clickable as a
 * button, and hostile policy text that stays text. The body is parsed as XML with @xmldom/xmldom, so a tag or
 * attribute that escaped would show up as an element or attribute of the tree.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DOMParser, Element as XElement, Node as XNode } from '@xmldom/xmldom';
import { escapeHtml, journeyPage, renderJourneyHtml, renderJourneyMessage } from '../../server/src/service/journey/journeyHtml';
import { HOSTILE, LEAF, hostile, signUpOrSignIn } from '../helpers/journeyModels';

function parse(body: string): XElement {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(`<root>${body}</root>`, 'text/xml');
  assert.deepEqual(errors, [], 'the body is well-formed');
  return doc.documentElement as unknown as XElement;
}

function all(el: XElement, pred: (e: XElement) => boolean, out: XElement[] = []): XElement[] {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== XNode.ELEMENT_NODE) continue;
    const e = c as unknown as XElement;
    if (pred(e)) out.push(e);
    all(e, pred, out);
  }
  return out;
}

const cls = (name: string) => (e: XElement) => (e.getAttribute('class') ?? '').split(' ').includes(name);
const text = (e: XElement) => e.textContent ?? '';

describe('journey view HTML', () => {
  const model = signUpOrSignIn();
  const { body, targets } = renderJourneyHtml(model, 'Merged for B2C_1A_signup_signin.');
  const root = parse(body);

  it('lists the steps in order, the sub-journey nested inside step 3', () => {
    const top = all(root, (e) => e.tagName === 'ol')[0];
    const steps = all(top, cls('step')).filter((e) => e.parentNode === top);
    assert.deepEqual(steps.map((s) => s.getAttribute('aria-label')), [
      'Step 1, CombinedSignInAndSignUp', 'Step 2, ClaimsExchange, skip if objectId exists', 'Step 3, InvokeSubJourney', 'Step 4, SendClaims',
    ]);
    const sub = all(steps[2], (e) => e.tagName === 'section')[0];
    assert.equal(sub.getAttribute('aria-label'), 'SubJourney ReadUser');
    assert.deepEqual(all(sub, cls('step')).map((s) => s.getAttribute('aria-label')), [
      'Step 1, ClaimsExchange', 'Step 2, ClaimsExchange, skip unless authenticationSource = localAccountAuthentication, 1 finding',
    ]);
  });

  it('shows a precondition on the connector above its step and marks skippable steps', () => {
    const step2 = all(root, cls('step'))[1];
    assert.ok(cls('skippable')(step2));
    assert.equal(text(all(step2, cls('condition'))[0]), 'skip if objectId exists');
    assert.ok(!cls('skippable')(all(root, cls('step'))[0]));
  });

  it('puts each finding on its step, and the relying-party finding in the header', () => {
    const sub2 = all(root, cls('step')).find((s) => s.getAttribute('aria-label')?.startsWith('Step 2, ClaimsExchange, skip unless'))!;
    assert.ok(cls('has-errors')(sub2));
    assert.match(text(all(sub2, cls('finding'))[0]), /B601 Claim type loyaltyNumber is the input claim/);
    const header = all(root, (e) => e.tagName === 'header')[0];
    assert.match(text(all(header, cls('finding'))[0]), /B602 The relying party sends tenantId/);
    assert.match(text(header), /Merged for B2C_1A_signup_signin\./);
  });

  it('makes every step, exchange, profile, claim and finding a button whose target is the right place', () => {
    const buttons = all(root, (e) => e.tagName === 'button');
    assert.equal(buttons.length, targets.length);
    buttons.forEach((b, i) => {
      assert.equal(b.getAttribute('data-target'), String(i));
      assert.equal(b.getAttribute('type'), 'button');
    });
    const target = (label: string) => targets[Number(buttons.find((b) => text(b) === label)!.getAttribute('data-target'))];
    assert.deepEqual(target('Step 2'), model.journey!.steps[1].at);
    assert.deepEqual(target('LocalAccountSignUpWithLogonEmail'), model.journey!.steps[1].exchanges[0].profileAt);
    assert.deepEqual(target('B601'), model.findings[0].at);
    assert.deepEqual(target('AAD-UserWriteUsingLogonEmail'), model.journey!.steps[1].exchanges[0].validations![0].profileAt);
    assert.deepEqual(target('ReadUser'), model.journey!.steps[2].subJourney!.at);
    assert.deepEqual(target('JwtIssuer'), model.journey!.steps[3].cpimIssuer!.profileAt);
    assert.equal(target('PolicyProfile').uri, LEAF);
    // data-key is unique, so that the focus can be kept across updates.
    const keys = buttons.map((b) => b.getAttribute('data-key'));
    assert.equal(new Set(keys).size, keys.length);
  });

  it('folds long claim lists and lists short ones inline', () => {
    const step2 = all(root, cls('step'))[1];
    const out = all(step2, cls('claims'));
    assert.equal(out[0].tagName, 'div');
    assert.deepEqual(all(out[0], (e) => e.tagName === 'button').map(text), ['objectId', 'email', 'newUser', 'displayName', 'givenName', 'surname']);
    const many = { ...model, relyingParty: { ...model.relyingParty!, outputClaims: Array.from({ length: 12 }, (_, i) => ({ claim: `c${i}`, via: 'OutputClaim' })) } };
    const footer = all(parse(renderJourneyHtml(many).body), (e) => e.tagName === 'footer')[0];
    assert.equal(all(footer, (e) => e.tagName === 'details').length, 1);
    assert.match(text(footer), /12 claims/);
  });

  it("folds the claims available before a step, marking the maybe ones, when the claim flow filled them", () => {
    const m = signUpOrSignIn();
    const steps = m.journey!.steps.map((st, i) => i === 2 ? { ...st, before: [{ claim: 'objectId', availability: 'available' as const }, { claim: 'email', availability: 'maybe' as const }] } : st);
    const tree = parse(renderJourneyHtml({ ...m, journey: { ...m.journey!, steps } }).body);
    const befores = all(tree, cls('before'));
    assert.equal(befores.length, 1, 'only the step with `before` shows it');
    assert.equal(befores[0].tagName, 'details');
    assert.match(text(all(befores[0], (e) => e.tagName === 'summary')[0]), /before 2 claims, 1 maybe/);
    assert.deepEqual(all(befores[0], cls('maybe')).map(text), ['email?']);
    assert.equal(all(parse(body), cls('before')).length, 0, 'nothing without the walk');
  });

  it('keeps hostile Ids, types, claims and messages as text: no element, attribute or entity gets in', () => {
    const h = renderJourneyHtml(hostile());
    const tree = parse(h.body);
    const allowed = new Set(['header', 'h1', 'p', 'div', 'span', 'button', 'ol', 'ul', 'li', 'section', 'details', 'summary', 'footer']);
    for (const e of all(tree, () => true)) {
      assert.ok(allowed.has(e.tagName), e.tagName);
      for (let i = 0; i < e.attributes.length; i++) assert.match(e.attributes[i].name, /^(class|type|data-target|data-key|title|aria-label|aria-hidden)$/);
    }
    // xmldom reads U+2028 as a line end, as XML 1.1 does.
    const shown = HOSTILE.replace(/\u2028/g, '\n');
    assert.ok(text(tree).includes(shown), 'the hostile text is shown as it is');
    assert.ok(all(tree, (e) => e.tagName === 'button').some((b) => text(b) === shown), 'a hostile claim is a button labelled with it');
    assert.doesNotMatch(h.body, /<script|<img|<\/script/i);
  });

  it('escapes the five HTML specials', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    assert.equal(parse(renderJourneyMessage('a < b & "c"').body).textContent, 'a < b & "c"');
  });
});

describe('journey view page', () => {
  const page = journeyPage({ title: 'Journey <x>', body: '<p>hi</p>', nonce: 'abc123', cspSource: 'vscode-webview://id' });

  it('has a strict Content-Security-Policy: nothing by default, the nonce for the one script and style', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
    assert.ok(meta);
    const csp = meta[1].replace(/&#39;/g, "'");
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-abc123';/);
    assert.match(csp, /style-src 'nonce-abc123';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
    assert.equal((page.match(/<script/g) ?? []).length, 1);
    assert.match(page, /<script nonce="abc123">/);
    assert.match(page, /<style nonce="abc123">/);
    assert.match(page, /<title>Journey &lt;x&gt;<\/title>/);
  });

  it('loads nothing remote and takes its colours from the theme', () => {
    assert.doesNotMatch(page, /\b(src|href)=/);
    assert.doesNotMatch(page, /url\(/);
    assert.match(page, /var\(--vscode-editor-background\)/);
    assert.doesNotMatch(page.replace(/#[0-9a-f]{3,6}\b(?=[^;]*var\()/gi, ''), /:\s*#[0-9a-f]{3,6}\b/i, 'no fixed colours');
  });
});
