/**
 * The facade: every language feature as a pure function over (document summary, position, index).
 * The protocol layer (server.ts) and the tests call only what is exported here.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import { CodeLensContext, CodeLensProvider, composeCodeLenses, findDefinitionLenses } from './features/codeLens/codeLens';
import { findRunLenses } from './run/codeLens';
import { findJourneyLenses } from './journey/journeyLens';
export { PolicyIndex } from './index/policyIndex';
export type { Chain, ChainStatus, Located } from './index/policyIndex';
export { parsePolicy, summarize } from './model/policyFile';
export type { PolicyFile, Definition, Reference } from './model/policyFile';
export { LineIndex } from './model/lineIndex';
export { parseXml } from './xml/parser';
export type { XmlDocument, XmlElement } from './xml/parser';
export { findDefinition } from './features/navigation/definition';
export { findReferences } from './features/navigation/references';
export { prepareRename, doRename, RenameError } from './features/navigation/rename';
export { findDocumentSymbols, findWorkspaceSymbols } from './features/navigation/symbols';
export { doValidation, VALIDATORS } from './features/diagnostics/diagnostics';
export type { ValidationOptions, ValidationContext, SeveritySetting } from './features/diagnostics/diagnostics';
export { CODES } from './messages/codes';
export { mergeProfile, profileAt } from './effective/mergedProfile';
export type { MergedProfile, Sourced } from './effective/mergedProfile';
export { doComplete, COMPLETION_PROVIDERS } from './features/completion/completion';
export type { CompletionOptions } from './features/completion/completion';
export { profileKindOf } from './features/shared/profileKind';
export { doHover, HOVER_PROVIDERS } from './features/hover/hover';
export { getCodeActions, CODE_ACTION_PROVIDERS } from './features/codeActions/codeActions';
export { PIN_BASE_POLICY, ADD_BASE_FOLDER } from './features/codeActions/chainCodeActions';
export { renumberSteps } from './features/diagnostics/rules/quickFixes';
export { documentContext } from './model/documentContext';
export type { DocumentContext } from './model/documentContext';
export { validateSettingsPlaceholders, hoverSettingsPlaceholder, findSettingsDefinition, getSettingsCodeActions } from './features/appSettings/settingsPlaceholders';
export type { SettingsContext } from './features/appSettings/settingsPlaceholders';
export { parseAppSettings } from './environments/appSettingsModel';
export type { AppSettingsModel, EnvironmentModel } from './environments/appSettingsModel';
export { findFoldingRanges } from './features/folding/folding';
export { findDocumentLinks } from './features/documentLinks/documentLinks';
export { effectiveXml, effectiveTargetAt } from './effective/effectiveXml';
export type { EffectiveKind, EffectiveXml } from './effective/effectiveXml';

export type { CodeLensContext, CodeLensProvider } from './features/codeLens/codeLens';

/** The lens functions, in the order their lenses are listed on a line. */
export const CODE_LENS_PROVIDERS: Array<{ readonly name: string; readonly provide: CodeLensProvider }> = [
  { name: 'run', provide: (ctx) => findRunLenses(ctx.doc, ctx.clientUri) },
  { name: 'definitions', provide: findDefinitionLenses },
  { name: 'journey', provide: (ctx) => findJourneyLenses(ctx.doc.file, ctx.clientUri) },
];

/** Every CodeLens of a document (each provider isolated; see composeCodeLenses). */
export function findCodeLenses(ctx: CodeLensContext, onError?: (provider: string, e: unknown) => void): CodeLens[] {
  return composeCodeLenses(CODE_LENS_PROVIDERS, ctx, onError);
}
