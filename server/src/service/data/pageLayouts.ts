/**
 * The page identifiers a ContentDefinition's DataUri may name, and their versions, as data.
 *
 * Sources (Microsoft Learn, MicrosoftDocs/azure-docs):
 * - `articles/active-directory-b2c/page-layout.md` ("Page layout versions", ms.date 10/16/2023): the change log of
 *   every page type of the page-contract form `urn:com:microsoft:aad:b2c:elements:contract:<type>:<version>`.
 * - `articles/active-directory-b2c/contentdefinitions.md` ("DataUri", "Migrating to page layout"): the page
 *   identifiers and the old form without `contract`, whose versions are those of its migration table.
 *
 * Versions are kept as lines (major.minor) with the highest documented patch: the change log skips some patches
 * that exist (its jQuery table names selfasserted 2.1.11, which has no entry of its own), so every patch up to
 * the highest one of a line counts as documented, and a higher patch is newer than this list, not wrong.
 */

/** Highest documented patch of each major.minor line, per page type, for the page-contract form. */
export const CONTRACT_PAGE_LINES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  selfasserted: { '1.0': 0, '1.1': 0, '1.2': 0, '2.0': 0, '2.1': 26 },
  // 2.0.0 has no change-log entry, but Microsoft's Woodgrove Groceries demo (../shared/corpus/woodgrove) deploys it.
  unifiedssp: { '1.0': 0, '1.1': 0, '1.2': 0, '2.0': 0, '2.1': 14 },
  multifactor: { '1.0': 0, '1.1': 0, '1.2': 12 },
  globalexception: { '1.0': 0, '1.1': 0, '1.2': 5 },
  // "Other pages (ProviderSelection, ClaimsConsent, UnifiedSSD)" share one change log, which has no 1.1.0; the
  // service's own answer for unifiedssd lists 1.0.0, 1.2.0 and 1.2.1 (service-facts.md, row 15).
  providerselection: { '1.0': 0, '1.2': 4 },
  claimsconsent: { '1.0': 0, '1.2': 4 },
  unifiedssd: { '1.0': 0, '1.2': 4 },
};

/** The versions of the old form without `contract` (the left column of the migration table). */
export const LEGACY_PAGE_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  globalexception: ['1.0.0', '1.1.0'],
  idpselection: ['1.0.0'],
  selfasserted: ['1.0.0', '1.1.0'],
  unifiedssd: ['1.0.0'],
  unifiedssp: ['1.0.0', '1.1.0'],
  multifactor: ['1.0.0', '1.1.0'],
};

/** Where the lists come from, for messages and the docs page. */
export const PAGE_LAYOUT_SOURCE = 'Microsoft Learn: "Page layout versions" (page-layout.md) and "ContentDefinitions" (contentdefinitions.md)';

/** The documented versions of a page-contract type, for messages: `1.0.0, 1.2.0-1.2.4`. */
export function contractVersionsText(type: string): string {
  const lines = CONTRACT_PAGE_LINES[type];
  if (!lines) return '';
  return Object.entries(lines).map(([line, max]) => (max === 0 ? `${line}.0` : `${line}.0-${line}.${max}`)).join(', ');
}
