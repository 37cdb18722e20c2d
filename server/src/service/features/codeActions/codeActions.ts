import { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { DocumentContext } from '../../model/documentContext';
import { getStructureCodeActions } from '../schema/schemaCodeActions';
import { getRuleCodeActions } from '../diagnostics/rules/quickFixes';
import { getSuggestedFixes } from './suggestedFixes';
import { getChainCodeActions } from './chainCodeActions';

export type CodeActionProvider = (ctx: DocumentContext, range: Range, diagnostics: readonly Diagnostic[], index: PolicyIndex) => CodeAction[];

/** Every provider contributes; quick fixes are keyed off the diagnostics' codes. */
export const CODE_ACTION_PROVIDERS: Array<{ readonly name: string; readonly provide: CodeActionProvider }> = [
  { name: 'schema', provide: (ctx, _range, diagnostics) => getStructureCodeActions(ctx.xml, ctx.document, diagnostics) },
  { name: 'rules', provide: (ctx, _range, diagnostics, index) => getRuleCodeActions(ctx, diagnostics, index) },
  { name: 'suggestions', provide: (ctx, _range, diagnostics, index) => getSuggestedFixes(ctx, diagnostics, index) },
  { name: 'chain', provide: (ctx, _range, diagnostics, index) => getChainCodeActions(ctx.file, diagnostics, index) },
];

export function getCodeActions(ctx: DocumentContext, range: Range, diagnostics: readonly Diagnostic[], index: PolicyIndex, onError?: (name: string, e: unknown) => void): CodeAction[] {
  const out: CodeAction[] = [];
  for (const p of CODE_ACTION_PROVIDERS) {
    try {
      out.push(...p.provide(ctx, range, diagnostics, index));
    } catch (e) {
      onError?.(p.name, e);
    }
  }
  return out;
}
