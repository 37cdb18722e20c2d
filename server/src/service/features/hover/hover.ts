import { Hover, Position, Range } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { DocumentContext } from '../../model/documentContext';
import { doSchemaHover } from '../schema/schemaHover';
import { hoverClaimResolver } from './claimResolverHover';
import { hoverReference } from './referenceHover';
import { hoverMetadata } from './metadataHover';
import { hoverClaimFlow } from './claimFlowHover';

export type HoverProvider = (ctx: DocumentContext, offset: number, index: PolicyIndex) => Hover | null | undefined;

/** Tried in order; the first that returns a hover wins. References and Metadata come before element docs. */
export const HOVER_PROVIDERS: Array<{ readonly name: string; readonly provide: HoverProvider }> = [
  { name: 'claimResolver', provide: hoverClaimResolver },
  // A claim reference inside a profile that relying parties run: the reference hover plus its claim flow.
  { name: 'claimFlow', provide: hoverClaimFlow },
  { name: 'reference', provide: hoverReference },
  { name: 'metadata', provide: hoverMetadata },
  { name: 'schema', provide: (ctx, offset) => doSchemaHover(ctx.xml, ctx.document, offset) },
];

/**
 * The first provider's hover whose range contains the cursor. A hover for something the cursor is not on (its range
 * elsewhere) is not an answer: editors place it away from the mouse, and it describes the wrong thing.
 */
export function doHover(ctx: DocumentContext, position: Position, index: PolicyIndex): Hover | null {
  const offset = ctx.document.offsetAt(position);
  for (const p of HOVER_PROVIDERS) {
    const h = p.provide(ctx, offset, index);
    if (h && (!h.range || contains(ctx, h.range, offset))) return h;
  }
  return null;
}

function contains(ctx: DocumentContext, range: Range, offset: number): boolean {
  return ctx.document.offsetAt(range.start) <= offset && offset <= ctx.document.offsetAt(range.end);
}
