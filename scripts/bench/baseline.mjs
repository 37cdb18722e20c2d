// The per-request work of an extension that keeps no index: for every go-to-definition or hover it reads every
// policy file of the workspace, parses each into a DOM with @xmldom/xmldom and walks it for an element whose
// Id matches. The file list is handed in (listing the folder each time would only add to the cost).
import * as fs from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';

export function baselineRequest(files, id) {
  const matches = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    let doc;
    try {
      doc = new DOMParser({ onError: () => {} }).parseFromString(text, 'text/xml');
    } catch {
      continue;
    }
    const all = doc.getElementsByTagName('*');
    for (let i = 0; i < all.length; i++) if (all[i].getAttribute('Id') === id) matches.push(file);
  }
  return matches;
}
