/**
 * The contract between the completion entry point (completion.ts) and its providers: what the protocol layer
 * hands in, and the shape of one provider. Here, not in completion.ts, so that a provider never imports the file
 * that imports it.
 */
import { CompletionItem } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { DocumentContext } from '../../model/documentContext';

/** Inputs the protocol layer gathers from disk, handed in so that the service stays free of I/O. */
export interface CompletionOptions {
  /** Names under PolicySettings in the workspace's appsettings.json, offered as {Settings:<name>}. */
  readonly settingsNames?: readonly string[];
  /** The client takes snippet text in completion items (LSP completionItem.snippetSupport); assumed when unset. */
  readonly snippetSupport?: boolean;
}

/** A completion source for one kind of cursor context; undefined means "not my context". */
export type CompletionProvider = (ctx: DocumentContext, offset: number, index: PolicyIndex, options: CompletionOptions) => CompletionItem[] | undefined;
