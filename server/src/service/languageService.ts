/**
 * The facade: every language feature as a pure function over (document summary, position, index).
 * The protocol layer (server.ts) and the tests call only what is exported here.
 */
export { PolicyIndex } from './index/policyIndex';
export type { Chain, ChainStatus, Located } from './index/policyIndex';
export { parsePolicy, summarize } from './model/policyFile';
export type { PolicyFile, Definition, Reference } from './model/policyFile';
export { LineIndex } from './model/lineIndex';
export { parseXml } from './xml/parser';
export type { XmlDocument, XmlElement } from './xml/parser';
export { findDefinition } from './features/definition';
export { findReferences } from './features/references';
export { prepareRename, doRename, RenameError } from './features/rename';
export { findDocumentSymbols, findWorkspaceSymbols } from './features/symbols';
export { doValidation, VALIDATORS } from './features/diagnostics';
export type { ValidationOptions, ValidationContext, SeveritySetting } from './features/diagnostics';
export { CODES } from './features/codes';
export { mergeProfile, profileAt } from './effective/mergedProfile';
export type { MergedProfile, Sourced } from './effective/mergedProfile';
export { doComplete, COMPLETION_PROVIDERS } from './features/completion';
export type { CompletionOptions } from './features/completion';
export { profileKindOf } from './features/profileKind';
export { doHover, HOVER_PROVIDERS } from './features/hover';
export { getCodeActions, CODE_ACTION_PROVIDERS } from './features/codeActions';
export { renumberSteps } from './features/rules/quickFixes';
export { documentContext } from './features/documentContext';
export type { DocumentContext } from './features/documentContext';
