/// <reference types="mocha" />
// Runs inside the real extension host with the starter pack's
// SocialAndLocalAccounts folder (a copy) as the workspace.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'b2c-policy-tools.b2c-policy-tools';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** Calls probe until it returns a value, or fails with the last reason after the deadline. */
async function poll<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relative));
  await vscode.window.showTextDocument(doc);
  return doc;
}

suite('extension', () => {
  test('activates when a policy file is opened', async () => {
    const doc = await open('SocialAndLocalAccounts/TrustFrameworkExtensions.xml');
    assert.equal(doc.languageId, 'xml');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed from the development path`);
    await poll('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  test('go to definition on a ClaimTypeReferenceId lands in TrustFrameworkBase.xml', async () => {
    const doc = await open('SocialAndLocalAccounts/TrustFrameworkExtensions.xml');
    const needle = 'ClaimTypeReferenceId="client_id"';
    const offset = doc.getText().indexOf(needle);
    assert.ok(offset >= 0, `${needle} is in the file`);
    const position = doc.positionAt(offset + needle.indexOf('client_id') + 2);
    const targets = await poll('a definition', async () => {
      const result = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        doc.uri,
        position,
      );
      return result && result.length > 0 ? result : undefined;
    });
    const rendered: string[] = [];
    for (const t of targets) {
      const uri = 'targetUri' in t ? t.targetUri : t.uri;
      const range = 'targetUri' in t ? (t.targetSelectionRange ?? t.targetRange) : t.range;
      const target = await vscode.workspace.openTextDocument(uri);
      rendered.push(`${vscode.workspace.asRelativePath(uri, false)}:${range.start.line + 1} ${target.getText(range)}`);
    }
    const base = await vscode.workspace.openTextDocument(workspaceFile('SocialAndLocalAccounts/TrustFrameworkBase.xml'));
    const line = base.getText().split(/\r?\n/).findIndex((l) => l.includes('<ClaimType Id="client_id"'));
    assert.deepEqual(rendered, [`SocialAndLocalAccounts/TrustFrameworkBase.xml:${line + 1} client_id`]);
  });

  test('the contributed snippets are offered in XML', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'xml',
      content: '<TechnicalProfiles>\n  b2c-rest\n</TechnicalProfiles>\n',
    });
    await vscode.window.showTextDocument(doc);
    const position = new vscode.Position(1, '  b2c-rest'.length);
    const labels = await poll('snippet completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        position,
      );
      const found = list.items
        .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
        .map((i) => (typeof i.label === 'string' ? i.label : i.label.label))
        .filter((l) => l.startsWith('b2c-rest'));
      return found.length > 0 ? found.sort() : undefined;
    });
    assert.deepEqual(labels, [
      'b2c-rest-apikey',
      'b2c-rest-basic',
      'b2c-rest-bearer',
      'b2c-rest-bearer-clientcredentials',
      'b2c-rest-clientcertificate',
    ]);
  });
});
