/**
 * Fixtures built from real policy files in ../shared/corpus: the files' text (BOM stripped), optionally
 * edited, under `<!-- file: /<set>/<name> -->` headers, so rule tests can assert on what a deployed policy gets.
 */
import * as fs from 'fs';
import * as path from 'path';
import { doValidation } from '../../server/src/service/languageService';
import { Fixture, fixture } from './fixture';
import { runnableIndex } from './runner';
import { SHARED } from './paths';

export const CORPUS = path.join(SHARED, 'corpus');

/** Reads a corpus file's text, BOM stripped. */
export function corpusText(rel: string): string {
  return fs.readFileSync(path.join(CORPUS, rel), 'utf8').replace(/^\uFEFF/, '');
}

/**
 * A fixture of corpus files (paths relative to the corpus folder); `edit` may change a file's text first and
 * must change it when it is given a file it was meant for (the test checks that through `replaceOnce`).
 */
export function corpusFixture(files: readonly string[], edit: (rel: string, text: string) => string = (_r, t) => t): Fixture {
  return fixture(files.map((rel) => `<!-- file: /${rel} -->\n${edit(rel, corpusText(rel))}\n`).join(''));
}

/** Replaces the single occurrence of `from`; throws when it is absent or repeated, so a stale edit fails loudly. */
export function replaceOnce(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`'${from}' is not in the text exactly once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

/**
 * Every diagnostic of the fixture whose code matches, as `path:line code severity message`, sorted. Files of a
 * set without their relying parties get runners (test/helpers/runner.ts), so that what they define is judged.
 */
export function allDiags(f: Fixture, codes: RegExp): string[] {
  const out: string[] = [];
  const index = runnableIndex(f);
  for (const [uri, { file, xml }] of f.files) {
    for (const d of doValidation({ file, xml, index, options: {} })) {
      if (codes.test(String(d.code))) out.push(`${uri.replace('file:///fixture/', '')}:${d.range.start.line + 1} ${d.code} ${SEVERITY[d.severity ?? 1]} ${d.message}`);
    }
  }
  return out.sort();
}
