// Generated workspaces for the benchmark, written into a temporary folder at bench time (never committed):
// copies of the starter pack with PolicyIds renamed per copy, padded with renamed ClaimTypes and
// TechnicalProfiles, and one large TrustFrameworkBase-like file.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every .xml file under a folder, as paths relative to it, sorted. */
export function listXml(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.toLowerCase().endsWith('.xml')) out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

/** Renames every B2C_1A_ name (PolicyIds, PublicPolicyUris, base references) so each copy's chains stay inside it. */
export function renamePolicies(text, tag) {
  return text.replace(/B2C_1A_/g, `B2C_1A_${tag}_`);
}

const BLOCKS = [
  { container: 'ClaimsSchema', element: 'ClaimType' },
  { container: 'TechnicalProfiles', element: 'TechnicalProfile' },
];

/** Top-level elements of a kind inside the container of that kind that holds the most of them. */
function elementsIn(text, { container, element }) {
  const re = new RegExp(`<${element} Id="[^"]*"[\\s\\S]*?</${element}>`, 'g');
  let best = { close: -1, items: [] };
  for (let open = text.indexOf(`<${container}>`); open >= 0; open = text.indexOf(`<${container}>`, open + 1)) {
    const close = text.indexOf(`</${container}>`, open);
    if (close < 0) break;
    const items = text.slice(open, close).match(re) ?? [];
    if (items.length > best.items.length) best = { close, items };
  }
  return best;
}

/**
 * Grows a policy to about `targetBytes` by appending renamed copies of its ClaimTypes and TechnicalProfiles
 * (Id="x" becomes Id="x_pad3"), alternating between the two, at the end of their containers. References inside
 * the copies still point at the originals, so the file stays valid and every reference resolves.
 */
export function pad(text, targetBytes) {
  let need = targetBytes - Buffer.byteLength(text);
  // Fragments (profiles that others include) are not copied: a renamed copy would stand alone and be incomplete.
  const included = new Set([...text.matchAll(/<IncludeTechnicalProfile ReferenceId="([^"]*)"/g)].map((m) => m[1]));
  const standalone = (el) => !included.has(/^<\w+ Id="([^"]*)"/.exec(el)[1]);
  const blocks = BLOCKS.map((b) => ({ ...elementsIn(text, b), added: [] }))
    .map((b) => ({ ...b, items: b.items.filter(standalone) }))
    .filter((b) => b.items.length);
  for (let round = 1; need > 0 && blocks.length; round++) {
    const longest = Math.max(...blocks.map((b) => b.items.length));
    for (let i = 0; i < longest && need > 0; i++) {
      for (const b of blocks) {
        if (i >= b.items.length || need <= 0) continue;
        const copy = b.items[i].replace(/^(<\w+ Id=")([^"]*)"/, `$1$2_pad${round}"`);
        b.added.push(copy);
        need -= Buffer.byteLength(copy) + 7;
      }
    }
  }
  // Insert from the last container backwards so earlier offsets stay valid.
  let out = text;
  for (const b of [...blocks].sort((x, y) => y.close - x.close)) {
    if (b.added.length) out = out.slice(0, b.close) + b.added.join('\n      ') + '\n    ' + out.slice(b.close);
  }
  return out;
}

const isBase = (rel) => path.basename(rel) === 'TrustFrameworkBase.xml';

/**
 * `copies` renamed copies of the source folder (plus `extraFiles` files of one more copy of a chain-complete set)
 * in dest/copyNN/, with every TrustFrameworkBase padded so the whole workspace is about `targetMB`.
 */
export function generateWorkspace(source, dest, { copies, extraSet, targetMB }) {
  const files = listXml(source);
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(source, f), 'utf8')]));
  const plainBytes = [...texts.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
  const baseBytes = files.filter(isBase).reduce((n, f) => n + Buffer.byteLength(texts.get(f)), 0);
  const growth = Math.max(1, (targetMB * 1048576 / copies - (plainBytes - baseBytes)) / baseBytes);
  const written = [];
  for (let c = 0; c < copies; c++) written.push(...writeCopy(texts, files, dest, c, growth));
  const extra = extraSet ? files.filter((f) => extraSet.files.some((e) => f === path.join(extraSet.folder, e))) : [];
  written.push(...writeCopy(texts, extra, dest, copies, growth));
  return written;
}

function writeCopy(texts, files, dest, c, growth) {
  const tag = `C${String(c).padStart(2, '0')}`;
  const out = [];
  for (const f of files) {
    let text = renamePolicies(texts.get(f), tag);
    if (isBase(f)) text = pad(text, Math.round(Buffer.byteLength(text) * growth));
    const p = path.join(dest, `copy${String(c).padStart(2, '0')}`, f);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    out.push(p);
  }
  return out;
}

/** One policy file grown to about `targetBytes`, alone in `dest`. */
export function generateLargeFile(sourceFile, dest, targetBytes) {
  fs.mkdirSync(dest, { recursive: true });
  const p = path.join(dest, 'TrustFrameworkBase.xml');
  fs.writeFileSync(p, pad(fs.readFileSync(sourceFile, 'utf8'), targetBytes));
  return p;
}

export function folderBytes(files) {
  return files.reduce((n, f) => n + fs.statSync(f).size, 0);
}
