import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { validateChain, validateDuplicates, validateReferences, validateXml } from './referenceDiagnostics';
import { validateStructure } from '../schema/schemaValidation';
import { documentContext } from '../../model/documentContext';
import { restfulRules } from './rules/restful';
import { openIdConnectRules } from './rules/openIdConnect';
import { secretRules } from './rules/secrets';
import { metadataRules } from './rules/metadata';
import { validateJourneyOrders } from './rules/journeys';
import { validateUploadLimits } from './rules/uploadLimits';
import { LeafFamilies, validateEffective } from './rules/leafJudge';
import { effectiveModel } from '../../effective/effectiveModel';
import { validateSettingsPlaceholders } from '../appSettings/settingsPlaceholders';
import type { CodeDocs, SeveritySetting, ValidationContext, ValidationOptions, Validator } from './types';

export type { CodeDocs, SeveritySetting, ValidationContext, ValidationOptions, Validator } from './types';

/** Every validator, in the order their diagnostics are listed. Each one runs isolated: a bug in one never hides the others. */
export const VALIDATORS: Array<{ readonly name: string; readonly run: Validator }> = [
  { name: 'xml', run: ({ file }) => validateXml(file) },
  { name: 'chain', run: ({ file, index }) => validateChain(file, index) },
  { name: 'references', run: ({ file, index }) => validateReferences(file, index) },
  { name: 'duplicates', run: ({ file }) => validateDuplicates(file) },
  { name: 'schema', run: ({ file, xml, document }) => validateStructure(xml, document ?? documentContext(file, xml).document) },
  { name: 'journeyOrders', run: ({ file }) => validateJourneyOrders(file) },
  { name: 'uploadLimits', run: ({ file, xml, index }) => validateUploadLimits(file, xml, index) },
  // The merged views depend on the options only through the default DeploymentMode: one model serves every file.
  { name: 'effective', run: (ctx) => validateEffective(effectiveModel(ctx.index, ctx.options.defaultDeploymentMode ?? ''), ctx.file, ctx.options, LEAF_FAMILIES) },
  { name: 'settings', run: ({ file, xml, appSettings }) => validateSettingsPlaceholders({ text: xml.text, lines: file.lines }, appSettings) },
];

/**
 * The rule families judged on the merged policy of each relying party (see rules/leafJudge.ts), in the
 * order their findings are listed. A family that throws is caught by the leaf judge's caller as one
 * validator; each family is small and data-driven.
 */
export const LEAF_FAMILIES: LeafFamilies = { profiles: [restfulRules, openIdConnectRules, secretRules, metadataRules] };

const SEVERITY: Record<Exclude<SeveritySetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

/** All diagnostics for one file; non-policy XML gets none. `onError` hears about validators that threw. */
export function doValidation(ctx: ValidationContext, onError?: (validator: string, error: unknown) => void): Diagnostic[] {
  if (!ctx.file.isPolicy) return [];
  const out: Diagnostic[] = [];
  for (const v of VALIDATORS) {
    try {
      // A loop, not push(...list): a hostile file can yield more diagnostics than the call stack takes arguments.
      for (const d of v.run(ctx)) out.push(d);
    } catch (e) {
      onError?.(v.name, e);
    }
  }
  return withCodeDescriptions(applyOptions(out, ctx.options).slice(0, MAX_DIAGNOSTICS), ctx.options.codeDocs);
}

/** No editor shows more than this usefully; it bounds the size of one publishDiagnostics message. */
export const MAX_DIAGNOSTICS = 1000;

export function applyOptions(diagnostics: Diagnostic[], options: ValidationOptions): Diagnostic[] {
  const min = SEVERITY[options.minimumSeverity ?? 'hint'];
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = typeof d.code === 'string' ? options.codes?.[d.code] : undefined;
    if (setting === 'off') continue;
    const severity = setting ? SEVERITY[setting] : d.severity ?? DiagnosticSeverity.Error;
    if (severity > min) continue;
    out.push(severity === d.severity ? d : { ...d, severity });
  }
  return out;
}

/** Links each diagnostic that has a page to it; after the cap, so a hostile file costs at most MAX_DIAGNOSTICS copies. */
function withCodeDescriptions(diagnostics: Diagnostic[], docs: CodeDocs | undefined): Diagnostic[] {
  if (!docs) return diagnostics;
  const pages = new Map<string, { href: string }>();
  return diagnostics.map((d) => {
    if (typeof d.code !== 'string' || !docs.codes.has(d.code)) return d;
    let page = pages.get(d.code);
    if (!page) pages.set(d.code, (page = { href: `${docs.baseUri}${d.code}.md` }));
    return { ...d, codeDescription: page };
  });
}
