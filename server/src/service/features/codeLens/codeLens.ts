/**
 * CodeLens: the context every lens function gets, their composition (each isolated: a failing one is logged and
 * the others still answer; the ordered list is CODE_LENS_PROVIDERS in languageService.ts), and the definition
 * lenses. The server turns them all off with `b2cPolicy.codeLens.enabled: false`.
 *
 * Definition lenses: above each definition, "N references" (the same occurrences as Find All References), and
 * where the same Id is defined elsewhere along the chain, "overrides X" (files above this one) and "overridden in Y"
 * (files that extend this one). All of it is read from the index's per-file maps (refsByKey, defsByKey) over the
 * file's scope: no walk over the workspace per request. The commands are the client's: `b2cPolicy.showReferences`
 * (arguments: URI, position and, for the override lenses, the locations; without them the client asks the server
 * for the references at the position) turns them into VS Code's types and runs `editor.action.showReferences`; `b2cPolicy.showEffective`
 * opens the merged element (effective/effectiveXml.ts).
 */
import type { CodeLens, Location } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { Definition } from '../../model/policyFile';
import { DefinitionKind } from '../../model/referenceKinds';
import { DocumentContext } from '../../model/documentContext';
import { collectOccurrences } from '../navigation/references';

export const SHOW_REFERENCES_COMMAND = 'b2cPolicy.showReferences';
export const SHOW_EFFECTIVE_COMMAND = 'b2cPolicy.showEffective';

export interface CodeLensContext {
  readonly doc: DocumentContext;
  readonly index: PolicyIndex;
  /** The document's URI as the client spells it (it may differ from the index's canonical one). */
  readonly clientUri: string;
  /** An index URI in the client's spelling. */
  readonly toClient: (uri: string) => string;
}

export type CodeLensProvider = (ctx: CodeLensContext) => CodeLens[];

/**
 * Runs lens functions in order, each isolated: a failing one is reported to `onError` and the others still answer.
 * The list itself (CODE_LENS_PROVIDERS) is in languageService.ts, above every layer that has a lens (run/ too).
 */
export function composeCodeLenses(providers: ReadonlyArray<{ readonly name: string; readonly provide: CodeLensProvider }>, ctx: CodeLensContext,
  onError: (provider: string, e: unknown) => void = () => undefined): CodeLens[] {
  const out: CodeLens[] = [];
  for (const p of providers) {
    try {
      out.push(...p.provide(ctx));
    } catch (e) {
      onError(p.name, e);
    }
  }
  return out;
}

/** Kinds that get definition lenses. ClaimsExchange Ids are local to their journey and left out (one per step is noise). */
export const LENS_KINDS: ReadonlySet<DefinitionKind> = new Set<DefinitionKind>([
  'ClaimType', 'TechnicalProfile', 'ClaimsTransformation', 'ContentDefinition', 'Predicate', 'PredicateValidation',
  'DisplayControl', 'LocalizedResources', 'UserJourney', 'SubJourney', 'ClientDefinition',
]);

/** Kinds whose merged form `b2cPolicy.showEffective` can show. */
export const EFFECTIVE_KINDS: ReadonlySet<DefinitionKind> = new Set<DefinitionKind>(['TechnicalProfile', 'UserJourney', 'SubJourney']);

/** A file's short name in a lens: its name without the folder and `.xml`. */
export function shortName(uri: string): string {
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return name.replace(/\.xml$/i, '');
}

/** A kind as words: `ClaimsTransformation` -> `claims transformation`. */
function kindWords(kind: DefinitionKind): string {
  return kind === 'SubJourney' ? 'sub-journey' : kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** "A", "A and B", "A, B and 2 more". */
function names(list: readonly string[]): string {
  if (list.length <= 2) return list.join(' and ');
  return `${list.slice(0, 2).join(', ')} and ${list.length - 2} more`;
}

export function findDefinitionLenses(ctx: CodeLensContext): CodeLens[] {
  const { doc, index } = ctx;
  const file = index.get(doc.file.uri) === doc.file ? doc.file : undefined;
  if (!file?.isPolicy) return [];
  const lines = file.lines;
  const out: CodeLens[] = [];
  const location = (uri: string, d: Definition): Location => ({ uri: ctx.toClient(uri), range: index.get(uri)!.lines.range(d.idStart, d.idEnd) });
  for (const d of file.definitions) {
    if (!LENS_KINDS.has(d.kind)) continue;
    const range = lines.range(d.start, d.start);
    const at = lines.positionAt(d.idStart);
    const sym = { kind: d.kind, key: d.key, value: d.id, start: d.idStart, end: d.idEnd, definition: d };
    const n = collectOccurrences(file, sym, index, false).length;
    const title = `${n} reference${n === 1 ? '' : 's'}`;
    // No locations: the client asks for them (textDocument/references) when the lens is clicked, so that a base's
    // lenses do not carry every reference of the chain (half a megabyte for Woodgrove's). No command for none:
    // VS Code shows a lens without a command as plain text.
    const what = kindWords(d.kind);
    out.push({ range, command: {
      title, command: n ? SHOW_REFERENCES_COMMAND : '', arguments: n ? [ctx.clientUri, at] : undefined,
      tooltip: n ? `Where this ${what} is referenced, in every file that sees this definition` : `No file that sees this ${what} references it`,
    } });
    // Same Id above (nearest first) and below this file along the chain.
    const above = index.lookup(file.uri, d.kind, d.key).filter((x) => x.uri !== file.uri).reverse();
    if (above.length) {
      const files = [...new Set(above.map((x) => x.uri))];
      out.push({ range, command: {
        title: `overrides ${names(files.map(shortName))}`, command: SHOW_REFERENCES_COMMAND, arguments: [ctx.clientUri, at, above.map((x) => location(x.uri, x.item))],
        tooltip: `The chain above this file defines this ${what} too; this definition's parts replace or add to those`,
      } });
    }
    const lookupKey = d.kind + '\u0000' + d.key;
    const below = index.dependentsOf(file.uri).flatMap((u) => (index.get(u)?.defsByKey.get(lookupKey) ?? []).map((item) => ({ uri: u, item })));
    if (below.length) {
      const files = [...new Set(below.map((x) => x.uri))].sort();
      out.push({ range, command: {
        title: `overridden in ${names(files.map(shortName))}`, command: SHOW_REFERENCES_COMMAND, arguments: [ctx.clientUri, at, below.map((x) => location(x.uri, x.item))],
        tooltip: `Files that extend this one define this ${what} again: their parts replace or add to these`,
      } });
    }
    if (EFFECTIVE_KINDS.has(d.kind)) {
      out.push({ range, command: {
        title: 'Show effective', command: SHOW_EFFECTIVE_COMMAND, arguments: [ctx.clientUri, d.kind, d.id],
        tooltip: `The ${what} merged as this file's chain sees it, each part with the file and line it comes from`,
      } });
    }
  }
  return out;
}
