/// <reference types="mocha" />
// The language features as a user meets them in the real workbench, over a
// copy of the starter pack's SocialAndLocalAccounts folder: completion, hover,
// references, diagnostics that follow edits, the contributed snippets and the
// client's commands. Every test reverts the files it edits.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  BASE_FILE, EXTENSIONS_FILE, PACK, codeOf, completionLabels, hoverText, offsetOf, open, poll, replace, revert, workspaceFile,
} from './helpers';

/** Inserts `<Item Key="` on a new line after `anchor` (the first one after `after`) and returns the cursor after it. */
async function typeItemKeyAfter(editor: vscode.TextEditor, anchor: string, after: string): Promise<vscode.Position> {
  const doc = editor.document;
  const end = doc.positionAt(offsetOf(doc, anchor, after) + anchor.length);
  const indent = /^\s*/.exec(doc.lineAt(end.line).text)![0];
  const typed = `\n${indent}<Item Key="`;
  await replace(editor, new vscode.Range(end, end), typed);
  return new vscode.Position(end.line + 1, indent.length + '<Item Key="'.length);
}

suite('language features', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('leaveSnippet');
    await vscode.commands.executeCommand('hideSuggestWidget');
    for (const file of [EXTENSIONS_FILE, BASE_FILE]) {
      const uri = workspaceFile(file).toString();
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri && d.isDirty)) await revert(file);
    }
  });

  test('completes Metadata keys of a self-asserted profile, without the keys it already sets', async () => {
    const editor = await open(BASE_FILE);
    const position = await typeItemKeyAfter(
      editor,
      '<Item Key="ContentDefinitionReferenceId">api.socialccountsignup</Item>',
      '<TechnicalProfile Id="SelfAsserted-Social">',
    );
    const labels = await poll('self-asserted Metadata keys', async () => {
      const got = await completionLabels(editor.document.uri, position);
      return got.includes('setting.showCancelButton') ? got : undefined;
    });
    for (const key of ['EnforceEmailVerification', 'setting.showContinueButton', 'setting.operatingMode']) {
      assert.ok(labels.includes(key), `${key} is offered (got ${labels.slice(0, 20).join(', ')}, ...)`);
    }
    assert.ok(!labels.includes('ContentDefinitionReferenceId'), 'the key the profile already sets is not offered again');
    assert.ok(!labels.includes('ServiceUrl'), 'no RESTful key in a self-asserted profile');
  });

  test('hover on a Metadata key describes it for the profile kind merged along the chain', async () => {
    // Facebook-OAUTH in the extensions file has no Protocol: its kind (OAuth 2.0) comes from the base.
    const { document: doc } = await open(EXTENSIONS_FILE);
    const position = doc.positionAt(offsetOf(doc, 'Key="client_id"', '<TechnicalProfile Id="Facebook-OAUTH">') + 'Key="cl'.length);
    const text = await poll('a Metadata hover', async () => {
      const t = await hoverText(doc.uri, position);
      return t.includes('**client_id**') ? t : undefined;
    });
    assert.match(text, /\*\*client_id\*\* — OAuth 2\.0 metadata/);
    assert.match(text, /Required for OAuth 2\.0: /);
  });

  test('hover on a ClaimTypeReferenceId says where the claim is defined', async () => {
    const { document: doc } = await open(EXTENSIONS_FILE);
    const position = doc.positionAt(offsetOf(doc, 'ClaimTypeReferenceId="resource_id"') + 'ClaimTypeReferenceId="res'.length);
    const text = await poll('a reference hover', async () => {
      const t = await hoverText(doc.uri, position);
      return t.includes('**resource_id**') ? t : undefined;
    });
    assert.match(text, /^\*\*resource_id\*\* — claim type/);
    assert.match(text, /Defined in `TrustFrameworkBase\.xml:\d+`/);
  });

  test('find references on a claim lists its uses in every file of the chain', async () => {
    const { document: doc } = await open(EXTENSIONS_FILE);
    const position = doc.positionAt(offsetOf(doc, 'ClaimTypeReferenceId="client_id"') + 'ClaimTypeReferenceId="cl'.length);
    const files = await poll('references in several files', async () => {
      const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, position);
      const names = new Set((locations ?? []).map((l) => vscode.workspace.asRelativePath(l.uri, false)));
      return names.size > 1 ? [...names].sort() : undefined;
    });
    assert.ok(files.includes(EXTENSIONS_FILE), files.join(', '));
    assert.ok(files.includes(BASE_FILE), files.join(', '));
  });

  test('a misspelt ClaimTypeReferenceId gets B101 after the edit, and loses it after the fix', async () => {
    const editor = await open(EXTENSIONS_FILE);
    const doc = editor.document;
    const uri = doc.uri;
    const b101 = () => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'B101');
    await poll('no B101 before the edit', () => (b101().length === 0 ? true : undefined));
    const start = doc.positionAt(offsetOf(doc, 'ClaimTypeReferenceId="resource_id"') + 'ClaimTypeReferenceId="'.length);
    const original = new vscode.Range(start, start.translate(0, 'resource_id'.length));
    await replace(editor, original, 'resource_idd');
    const misspelt = new vscode.Range(start, start.translate(0, 'resource_idd'.length));
    const found = await poll('B101 on the misspelt claim', () => {
      const d = b101().find((x) => x.range.isEqual(misspelt));
      return d;
    });
    assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
    assert.match(found.message, /resource_idd/);
    await replace(editor, misspelt, 'resource_id');
    await poll('B101 to go after the fix', () => (b101().length === 0 ? true : undefined));
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
  });

  test('the b2c-rest-basic snippet inserts a RESTful profile whose Metadata completes RESTful keys', async () => {
    const editor = await open(EXTENSIONS_FILE);
    const doc = editor.document;
    // A new line inside <TechnicalProfiles>, after login-NonInteractive.
    const after = doc.positionAt(offsetOf(doc, '</TechnicalProfile>', '<TechnicalProfile Id="login-NonInteractive">') + '</TechnicalProfile>'.length);
    await replace(editor, new vscode.Range(after, after), '\n        ');
    const cursor = new vscode.Position(after.line + 1, 8);
    editor.selection = new vscode.Selection(cursor, cursor);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'xml', name: 'RESTful technical profile: Basic authentication' });
    const text = await poll('the snippet in the buffer', () => (doc.getText().includes('<TechnicalProfile Id="REST-BasicAuth">') ? doc.getText() : undefined), 10_000);
    await vscode.commands.executeCommand('leaveSnippet');
    const start = text.indexOf('<TechnicalProfile Id="REST-BasicAuth">');
    const inserted = text.slice(start, text.indexOf('</TechnicalProfile>', start));
    for (const line of [
      'Handler="Web.TPEngine.Providers.RestfulProvider',
      '<Item Key="ServiceUrl">https://api.example.com/endpoint</Item>',
      '<Item Key="AuthenticationType">Basic</Item>',
      '<Key Id="BasicAuthenticationPassword" StorageReferenceId="B2C_1A_RestApiPassword" />',
    ]) {
      assert.ok(inserted.includes(line), `the inserted profile has ${line}`);
    }
    const position = await typeItemKeyAfter(editor, '<Item Key="AllowInsecureAuthInProduction">false</Item>', '<TechnicalProfile Id="REST-BasicAuth">');
    const labels = await poll('RESTful Metadata keys', async () => {
      const got = await completionLabels(doc.uri, position);
      return got.includes('ClaimUsedForRequestPayload') ? got : undefined;
    });
    assert.ok(labels.includes('DebugMode'), 'DebugMode is offered');
    for (const taken of ['ServiceUrl', 'AuthenticationType', 'SendClaimsIn']) {
      assert.ok(!labels.includes(taken), `${taken}, which the snippet sets, is not offered again`);
    }
  });

  test('the client contributes its commands; Show Inheritance Chain lists the chain and opens the base picked', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['b2cPolicy.restartServer', 'b2cPolicy.showOutput', 'b2cPolicy.showChain', 'b2cPolicy.renumberSteps']) {
      assert.ok(all.includes(c), `${c} is registered`);
    }
    const localization = workspaceFile(`${EXTENSIONS_FILE.replace('Extensions', 'Localization')}`).toString();
    // The quick pick lists this file first, then its bases: pick the second entry. The command
    // opens the pick only after the server answers, so retry until the pick was there to accept.
    await poll('Show Inheritance Chain to open TrustFrameworkLocalization.xml', async () => {
      await open(EXTENSIONS_FILE);
      const shown = vscode.commands.executeCommand('b2cPolicy.showChain');
      let settled = false;
      void Promise.resolve(shown).finally(() => (settled = true));
      const until = Date.now() + 5_000;
      while (!settled && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 300));
        await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await shown;
      return vscode.window.activeTextEditor?.document.uri.toString() === localization ? true : undefined;
    }, 45_000);
  });

  test('Problems lists the findings of a policy file that was never opened', async () => {
    // A new relying party written to disk beside the set (not through an editor), with one broken claim reference.
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(`${PACK}/SignUpOrSignin.xml`)));
    const text = source.replace('PolicyId="B2C_1A_signup_signin"', 'PolicyId="B2C_1A_e2e_unopened"')
      .replace('ClaimTypeReferenceId="displayName"', 'ClaimTypeReferenceId="displayNameNeverDefined"');
    assert.ok(text.includes('displayNameNeverDefined') && text.includes('B2C_1A_e2e_unopened'));
    const uri = workspaceFile(`${PACK}/UnopenedSignUp.xml`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const found = await poll('the unopened file in Problems', () => {
        const list = vscode.languages.getDiagnostics(uri);
        return list.some((d) => codeOf(d) === 'B101' && d.message.includes('displayNameNeverDefined')) ? list : undefined;
      }, 60_000);
      assert.equal(found.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 1, found.map((d) => `${codeOf(d)} ${d.message}`).join('\n'));
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file was never opened');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    // Deleted: its problems go with it.
    await poll('Problems to drop the deleted file', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined), 60_000);
  });
});
