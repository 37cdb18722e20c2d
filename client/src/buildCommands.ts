/**
 * "B2C: Build all policies", "B2C: Build current policy" and "B2C: Deploy environment...". They run the same code as
 * `b2c-policy build` and `deploy` (server/src/node/build, server/src/node/deploy) inside the extension host.
 * Deploy is the extension's only network access, and it happens only when the user runs that command: it signs in
 * with VS Code's built-in Microsoft authentication provider and uploads to Microsoft Graph.
 */
import * as path from 'path';
import { ExtensionContext, OutputChannel, ProgressLocation, QuickPickItem, Uri, authentication, commands, window, workspace } from 'vscode';
import { BuildResult, BuildSetupError, buildPolicies, findSettingsFile, readSettingsText } from '../../server/src/node/build/build';
import { formatBuild } from '../../server/src/node/cli/buildCommand';
import { formatPlan } from '../../server/src/node/cli/deployCommand';
import { DeployPlanError, planDeploy, uploadPlan } from '../../server/src/node/deploy/deploy';
import { Redactor, defaultFetch, resolveEndpoints } from '../../server/src/node/deploy/http';
import { EnvironmentModel, parseAppSettings } from '../../server/src/service/environments/appSettingsModel';

const GRAPH_SCOPE = 'https://graph.microsoft.com/Policy.ReadWrite.TrustFramework';

export function registerBuildCommands(context: ExtensionContext): void {
  const output = window.createOutputChannel('B2C Build and Deploy');
  context.subscriptions.push(
    output,
    commands.registerCommand('b2cPolicy.buildAll', () => guarded(output, () => build(output, false))),
    commands.registerCommand('b2cPolicy.buildCurrent', () => guarded(output, () => build(output, true))),
    commands.registerCommand('b2cPolicy.deploy', () => guarded(output, () => deploy(output))),
  );
}

async function guarded(output: OutputChannel, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    output.appendLine(message);
    void window.showErrorMessage(`B2C: ${message}`);
  }
}

/** The appsettings.json to use: the active file's, else the only one in the workspace, else the user's pick. */
async function pickSettingsFile(forFile?: Uri): Promise<string | undefined> {
  if (forFile?.scheme === 'file') {
    const folder = workspace.getWorkspaceFolder(forFile)?.uri.fsPath ?? path.dirname(forFile.fsPath);
    const found = findSettingsFile(folder, undefined, forFile.fsPath);
    if (found) return found;
  }
  const candidates = (workspace.workspaceFolders ?? []).map((f) => findSettingsFile(f.uri.fsPath, undefined, undefined)).filter((f): f is string => !!f);
  if (candidates.length <= 1) {
    if (!candidates.length) void window.showWarningMessage('B2C: no appsettings.json at the root of a workspace folder. Create one with Environments (Name, Tenant, Production, PolicySettings) to build.');
    return candidates[0];
  }
  const picked = await window.showQuickPick(candidates.map((c) => ({ label: workspace.asRelativePath(c), file: c })), { title: 'Which appsettings.json?' });
  return picked?.file;
}

async function build(output: OutputChannel, currentOnly: boolean): Promise<void> {
  const editor = window.activeTextEditor;
  if (currentOnly && (!editor || editor.document.uri.scheme !== 'file')) {
    void window.showInformationMessage('B2C: open a policy file to build it.');
    return;
  }
  // The build reads the disk: save the file being built (only that one) first.
  if (currentOnly && editor!.document.isDirty) await editor!.document.save();
  const settingsFile = await pickSettingsFile(editor?.document.uri);
  if (!settingsFile) return;
  let result: BuildResult;
  try {
    result = buildPolicies({ settingsFile, only: currentOnly ? [editor!.document.uri.fsPath] : undefined });
  } catch (e) {
    if (e instanceof BuildSetupError) throw new Error(e.message);
    throw e;
  }
  output.clear();
  output.append(formatBuild(result, path.dirname(settingsFile)));
  const what = currentOnly ? path.basename(editor!.document.uri.fsPath) : `${result.environments[0]?.files.length ?? 0} policies`;
  if (result.errors) {
    const choice = await window.showErrorMessage(`B2C build of ${what}: ${result.errors} error(s)${result.written ? '' : ', nothing written'}.`, 'Show output');
    if (choice) output.show(true);
  } else {
    void window.showInformationMessage(`B2C: built ${what} for ${result.environments.map((e) => e.env.name).join(', ')}.`);
  }
}

async function deploy(output: OutputChannel): Promise<void> {
  const settingsFile = await pickSettingsFile(window.activeTextEditor?.document.uri);
  if (!settingsFile) return;
  const root = path.dirname(settingsFile);
  // Read as the CLI reads it: a FIFO or a link to /dev/zero is refused at once.
  const model = parseAppSettings(readSettingsText(settingsFile));
  const env = await pickEnvironment(model.environments);
  if (!env) return;
  let plan;
  try {
    plan = planDeploy(path.join(root, model.environmentsFolder, env.name), { root });
  } catch (e) {
    if (e instanceof DeployPlanError) throw new Error(`${e.message} (Build it first: "B2C: Build all policies".)`);
    throw e;
  }
  output.clear();
  output.append(formatPlan(plan, env.name, env.tenant, env.production, (p) => path.relative(root, p).split(path.sep).join('/')));
  output.show(true);
  if (!plan.uploads.length) {
    void window.showInformationMessage(`B2C: nothing changed in ${env.name} since the last deploy.`);
    return;
  }
  const question = `Upload ${plan.uploads.length} ${plan.uploads.length === 1 ? 'policy' : 'policies'} to ${env.name} (${env.tenant || 'no Tenant'})?`;
  const confirm = env.production
    ? await window.showWarningMessage(`${env.name} is a Production environment. ${question}`, { modal: true, detail: plan.uploads.map((u) => u.policyId).join('\n') }, 'Deploy to Production')
    : await window.showInformationMessage(question, 'Deploy');
  if (!confirm) return;
  const config = workspace.getConfiguration('b2cPolicy', Uri.file(root));
  const clientId = config.get<string>('deploy.clientId');
  const scopes = [GRAPH_SCOPE, ...(env.tenant ? [`VSCODE_TENANT:${env.tenant}`] : []), ...(clientId ? [`VSCODE_CLIENT_ID:${clientId}`] : [])];
  const session = await authentication.getSession('microsoft', scopes, { createIfNone: true });
  const redactor = new Redactor();
  redactor.add(session.accessToken);
  const outcome = await window.withProgress({ location: ProgressLocation.Notification, title: `Deploying to ${env.name}`, cancellable: true }, async (progress, token) => {
    return uploadPlan(plan, {
      endpoints: resolveEndpoints(undefined, undefined),
      token: session.accessToken,
      fetch: defaultFetch,
      redactor,
      shouldStop: () => token.isCancellationRequested,
      onProgress: (entry, i, total, status) => {
        if (!status) progress.report({ message: `${i + 1}/${total} ${entry.policyId}` });
        else {
          progress.report({ increment: 100 / total });
          output.appendLine(`[${i + 1}/${total}] ${entry.policyId}: ${status}`);
        }
      },
    });
  });
  if (!outcome.failure) {
    void window.showInformationMessage(`B2C: deployed ${outcome.done.length} ${outcome.done.length === 1 ? 'policy' : 'policies'} to ${env.name}.`);
    return;
  }
  const f = outcome.failure;
  output.appendLine(redactor.clean(`The upload of ${f.entry.policyId} failed: ${f.message}`));
  const file = Uri.file(f.entry.source ? path.resolve(root, f.entry.source) : f.entry.file);
  const choice = await window.showErrorMessage(redactor.clean(`B2C: ${f.entry.policyId} was not uploaded: ${f.message}`), 'Open file', 'Show output');
  if (choice === 'Show output') output.show(true);
  if (choice === 'Open file') {
    const doc = await workspace.openTextDocument(file);
    const line = Math.max(0, (f.line ?? 1) - 1);
    await window.showTextDocument(doc, { selection: doc.lineAt(Math.min(line, doc.lineCount - 1)).range });
  }
}

async function pickEnvironment(envs: readonly EnvironmentModel[]): Promise<EnvironmentModel | undefined> {
  if (!envs.length) {
    void window.showWarningMessage('B2C: appsettings.json defines no environment with a Name.');
    return undefined;
  }
  const items: Array<QuickPickItem & { env: EnvironmentModel }> = envs.map((e) => ({
    label: e.name, description: e.tenant, detail: e.production ? 'Production: you will be asked to confirm' : undefined, env: e,
  }));
  return (await window.showQuickPick(items, { title: 'Deploy which environment?' }))?.env;
}
