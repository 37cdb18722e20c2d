/// <reference types="mocha" />
// "B2C: Show journey" in the real workbench: the CodeLens on SignUpOrSignin.xml's RelyingParty and on every
// UserJourney of TrustFrameworkBase.xml, the command from a lens and from the palette (the journey around the
// cursor), the webview it opens (a tab; what it drew is read back through b2cPolicy.journeyViewState, since a
// webview's page is not reachable from the extension API), the view following an edit, and a journey that no
// relying party runs. Clicking inside the webview is exercised by test/e2e/ui.mjs.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { BASE_FILE, PACK, open, poll, replace, revert } from './helpers';

const RP_FILE = `${PACK}/SignUpOrSignin.xml`;

interface Shown { title: string; leaf?: string; journeyId?: string; body: string; targets: Array<{ uri: string }>; draws?: number }

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return poll('the Show journey lenses', async () => {
    const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const mine = (all ?? []).filter((l) => l.command?.title === 'Show journey');
    return mine.length ? mine : undefined;
  });
}

/** The step headings the view drew, in order ("Step 1", ...), top level only. */
function stepOrders(body: string): string[] {
  const top = body.slice(body.indexOf('<ol class="steps">'));
  const out: string[] = [];
  let depth = 0;
  for (const m of top.matchAll(/<ol class="steps">|<\/ol>|data-key="step-(\d+)"/g)) {
    if (m[0].startsWith('<ol')) depth++;
    else if (m[0] === '</ol>') depth--;
    else if (depth === 1) out.push(m[1]);
  }
  return out;
}

function journeyTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Journey'));
}

suite('show a journey', () => {
  suiteTeardown(async () => {
    await revert(BASE_FILE);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the RelyingParty element and every UserJourney carry a "Show journey" CodeLens', async () => {
    const { document: rp } = await open(RP_FILE);
    const [rpLens] = await lenses(rp.uri);
    assert.equal(rp.lineAt(rpLens.range.start.line).text.trim(), '<RelyingParty>');
    assert.equal(rpLens.command?.command, 'b2cPolicy.showJourney');
    const { document: base } = await open(BASE_FILE);
    const found = await lenses(base.uri);
    const journeys = [...base.getText().matchAll(/<UserJourney Id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(found.map((l) => (l.command?.arguments?.[1] as { journey?: string }).journey), journeys);
    for (const l of found) assert.match(base.lineAt(l.range.start.line).text, /<UserJourney Id="/);
  });

  test('the lens on the relying party opens its merged journey, steps in order, in a webview', async () => {
    const { document: rp } = await open(RP_FILE);
    const [lens] = await lenses(rp.uri);
    const shown = await vscode.commands.executeCommand<Shown>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.ok(shown, 'the command drew a journey');
    assert.equal(shown.journeyId, 'SignUpOrSignIn');
    assert.match(shown.title, /SignUpOrSignIn · B2C_1A_signup_signin/);
    // The base's SignUpOrSignIn has steps 1..7 and no file of the chain overrides one.
    const base = (await vscode.workspace.openTextDocument((await open(BASE_FILE)).document.uri)).getText();
    const journey = base.slice(base.indexOf('<UserJourney Id="SignUpOrSignIn">'), base.indexOf('</UserJourney>', base.indexOf('<UserJourney Id="SignUpOrSignIn">')));
    const orders = [...journey.matchAll(/<OrchestrationStep Order="(\d+)"/g)].map((m) => m[1]);
    assert.deepEqual(stepOrders(shown.body), orders);
    assert.match(shown.body, /CombinedSignInAndSignUp/);
    assert.ok(shown.targets.some((t) => t.uri.endsWith('/TrustFrameworkBase.xml')), 'steps reveal their definition in the base');
    await poll('the journey tab', () => (journeyTabs().some((t) => t.label === shown.title) ? true : undefined), 10_000);
  });

  test('from the palette, the journey around the cursor of the base, as the relying party that runs it', async () => {
    const editor = await open(BASE_FILE);
    const at = editor.document.positionAt(editor.document.getText().indexOf('<UserJourney Id="ProfileEdit">') + 5);
    editor.selection = new vscode.Selection(at, at);
    const shown = await vscode.commands.executeCommand<Shown>('b2cPolicy.showJourney');
    assert.equal(shown?.journeyId, 'ProfileEdit');
    assert.ok(shown.leaf?.endsWith('/ProfileEdit.xml'), shown.leaf);
    assert.deepEqual(stepOrders(shown.body), ['1', '2', '3', '4', '5', '6']);
  });

  test('the view follows an edit of the base, without running the command again', async () => {
    const editor = await open(BASE_FILE);
    const text = editor.document.getText();
    const step = text.indexOf('Type="ClaimsExchange"', text.indexOf('<OrchestrationStep Order="2"', text.indexOf('<UserJourney Id="SignUpOrSignIn">')));
    const states = async () => (await vscode.commands.executeCommand<Shown[]>('b2cPolicy.journeyViewState')) ?? [];
    const before = (await states()).find((s) => s.journeyId === 'SignUpOrSignIn');
    assert.ok(before, 'the SignUpOrSignIn view is open');
    const start = editor.document.positionAt(step + 'Type="ClaimsExchange'.length);
    await replace(editor, new vscode.Range(start, start), 'Edited');
    const after = await poll('the view to redraw with the edited step type', async () => {
      const s = (await states()).find((x) => x.journeyId === 'SignUpOrSignIn');
      return s && s.draws! > before.draws! && s.body.includes('ClaimsExchangeEdited') ? s : undefined;
    }, 20_000);
    assert.deepEqual(stepOrders(after.body), stepOrders(before.body));
    await revert(BASE_FILE);
  });

  test('a journey that no relying party runs opens nothing', async () => {
    const { document: base } = await open(BASE_FILE);
    const lens = (await lenses(base.uri)).find((l) => (l.command?.arguments?.[1] as { journey?: string }).journey === 'RedeemRefreshToken');
    assert.ok(lens, 'RedeemRefreshToken has a lens');
    const tabs = journeyTabs().length;
    const shown = await vscode.commands.executeCommand<Shown | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(shown, undefined);
    assert.equal(journeyTabs().length, tabs);
  });
});
