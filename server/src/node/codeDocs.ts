/**
 * Where the page of each diagnostic code lives: docs/diagnostics/<code>.md beside the bundle (dist/..), which the
 * .vsix and a clone both carry, or above the compiled sources. Editors get file: links, so a page opens offline and
 * always matches the installed version. SARIF wants web addresses: the repository's copy of the same pages.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CodeDocs } from '../service/features/diagnostics/diagnostics';
import { pathToUri } from './files';

/** The docs folder, looked for once: it is a fact about the installation, not about the workspace. */
const FOLDER = findFolder(__dirname);

function findFolder(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'diagnostics');
    if (fs.existsSync(path.join(candidate, 'README.md')) && fs.existsSync(path.join(dir, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The installed pages, listed once for the same reason. */
const INSTALLED = codeDocsIn(FOLDER);

/** Codes that have a page, and the URI the pages live under (ending in '/'). Undefined when the pages are not installed. */
export function installedCodeDocs(): CodeDocs | undefined {
  return INSTALLED;
}

export function codeDocsIn(folder: string | undefined): CodeDocs | undefined {
  if (!folder) return undefined;
  const codes = new Set(fs.readdirSync(folder).filter((f) => /^B\d{3}\.md$/.test(f)).map((f) => f.slice(0, 4)));
  return { baseUri: pathToUri(folder) + '/', codes };
}

/** The "What it means" paragraph of a code's page, as plain text, for SARIF's fullDescription. */
export function codeExplanation(code: string, folder = FOLDER): string | undefined {
  if (!folder || !/^B\d{3}$/.test(code)) return undefined;
  try {
    const page = fs.readFileSync(path.join(folder, `${code}.md`), 'utf8');
    const m = /## What it means\r?\n\r?\n([\s\S]*?)\r?\n\r?\n##/.exec(page);
    return m ? m[1].replace(/\s*\r?\n\s*/g, ' ').replace(/`/g, '').trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The web address of the repository's copy of the pages, from package.json's repository field. */
export function repositoryDocsUrl(repositoryUrl: string): string | undefined {
  const m = /^(?:git\+)?(https:\/\/[^\s]+?)(?:\.git)?\/?$/.exec(repositoryUrl.trim());
  return m ? `${m[1]}/blob/main/docs/diagnostics/` : undefined;
}
