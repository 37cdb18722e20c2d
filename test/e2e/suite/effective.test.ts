/// <reference types="mocha" />
// The definition CodeLens and the effective-profile document in the real workbench (issue 12): the lenses on a
// technical profile that the Extensions file overrides, "N references" running the client's showReferences,
// "Show effective" opening a read-only b2c-effective document that names each part's file and line and follows
// edits, "B2C: Show effective journey" at the cursor, and b2cPolicy.codeLens.enabled turning the lenses off.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { BASE_FILE, EXTENSIONS_FILE, offsetOf, open, poll, replace, revert } from './helpers';

const PROFILE = 'login-NonInteractive';

async function lensesOn(doc: vscode.TextDocument, line: number): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
  return (lenses ?? []).filter((l) => l.range.start.line === line);
}

function effectiveEditor(): vscode.TextEditor | undefined {
  const e = vscode.window.activeTextEditor;
  return e?.document.uri.scheme === 'b2c-effective' ? e : undefined;
}

suite('definition CodeLens and the effective technical profile', () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('b2cPolicy').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    for (const file of [EXTENSIONS_FILE, BASE_FILE]) {
      const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...file.split('/')).toString();
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri && d.isDirty)) await revert(file);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a profile the Extensions file overrides carries "N references · overrides TrustFrameworkBase · Show effective"', async () => {
    const { document: doc } = await open(EXTENSIONS_FILE);
    const line = doc.positionAt(offsetOf(doc, `<TechnicalProfile Id="${PROFILE}">`)).line;
    const lenses = await poll('the definition lenses', async () => {
      const l = await lensesOn(doc, line);
      return l.some((x) => x.command?.title === 'Show effective') ? l : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.match(titles[0], /^\d+ references?$/);
    assert.deepEqual(titles.slice(1), ['overrides TrustFrameworkBase', 'Show effective']);
    // The count is what Find All References finds.
    const at = doc.positionAt(offsetOf(doc, PROFILE, `<TechnicalProfile Id="${PROFILE}">`) + 2);
    const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at);
    // That API command includes the declarations (here the base's and the Extensions'); the lens counts references only.
    const refs = [];
    for (const l of found) {
      const line = (await vscode.workspace.openTextDocument(l.uri)).lineAt(l.range.start.line).text;
      if (!line.includes(`<TechnicalProfile Id="${PROFILE}"`)) refs.push(l);
    }
    assert.equal(found.length - refs.length, 2);
    assert.equal(Number(titles[0].split(' ')[0]), refs.length);
    // The client converts the lens's JSON arguments for editor.action.showReferences (it throws on plain objects).
    const command = lenses[0].command!;
    assert.equal(command.command, 'b2cPolicy.showReferences');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
  });

  test('"Show effective" opens the merged profile read-only, with each part\'s source, and follows edits', async () => {
    const editor = await open(EXTENSIONS_FILE);
    const doc = editor.document;
    const line = doc.positionAt(offsetOf(doc, `<TechnicalProfile Id="${PROFILE}">`)).line;
    const lens = await poll('the Show effective lens', async () => (await lensesOn(doc, line)).find((l) => l.command?.title === 'Show effective'));
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const shown = await poll('the effective document', () => effectiveEditor());
    const text = shown.document.getText();
    assert.match(text, new RegExp(`<TechnicalProfile Id="${PROFILE}">`));
    assert.match(text, /<Item Key="client_id">ProxyIdentityExperienceFrameworkAppId<\/Item> <!-- TrustFrameworkExtensions.xml:\d+ -->/);
    assert.match(text, /<!-- TrustFrameworkBase.xml:\d+ -->/);
    assert.equal(shown.document.languageId, 'xml');
    // Read-only: typing into it changes nothing.
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(shown.document.getText(), text);
    assert.equal(shown.document.isDirty, false);
    // An edit to the Extensions file shows in the open document.
    const source = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const value = doc.positionAt(offsetOf(doc, 'ProxyIdentityExperienceFrameworkAppId', `<TechnicalProfile Id="${PROFILE}">`));
    await replace(source, new vscode.Range(value, value.translate(0, 'Proxy'.length)), 'Edited');
    await poll('the effective document to follow the edit', () => (shown.document.getText().includes('EditedIdentityExperienceFrameworkAppId</Item>') ? true : undefined));
  });

  test('B2C: Show effective journey at the cursor opens the merged journey', async () => {
    const editor = await open(BASE_FILE);
    const inside = editor.document.positionAt(offsetOf(editor.document, '<OrchestrationStep Order="2"', '<UserJourney Id="SignUpOrSignIn">'));
    editor.selection = new vscode.Selection(inside, inside);
    await poll('the journey document', async () => {
      await vscode.commands.executeCommand('b2cPolicy.showEffectiveJourney');
      return effectiveEditor()?.document.getText().includes('<UserJourney Id="SignUpOrSignIn"') ? true : undefined;
    });
    assert.match(effectiveEditor()!.document.getText(), /<!-- step 1, TrustFrameworkBase.xml:\d+ -->/);
  });

  test('b2cPolicy.codeLens.enabled false takes every lens away', async () => {
    const { document: doc } = await open(EXTENSIONS_FILE);
    await poll('some lenses', async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri))?.length ? true : undefined));
    await vscode.workspace.getConfiguration('b2cPolicy').update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    await poll('no lenses', async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri))?.length === 0 ? true : undefined));
  });
});
