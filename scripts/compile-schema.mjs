// Compiles schema/TrustFrameworkPolicy_0.3.0.0.xsd into the compact JSON model that the language
// service reads (server/src/service/data/schemaModel.json). The output is checked in; a unit test
// regenerates it and fails when it differs, so run `npm run compile-schema` after changing this file.
//
// Model shape (see server/src/service/data/schemaTypes.ts for the TypeScript types):
//   roots:       element name -> type name of the document element
//   types:       complex types, named ones by their XSD name and anonymous ones by "Owner/Element"
//                { doc?, children?: Particle[], attributes?: Attr[], text?: { type, enum? }, any?: true }
//   simpleTypes: named and anonymous simple types used as element content { base, enum? }
// A Particle is an element { name, type, min, max, doc? } or a group { group: 'sequence'|'choice', min, max, children }.
// max is a number or "unbounded". Patterns and length facets are dropped: the service never checks them.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';

const XS = 'http://www.w3.org/2001/XMLSchema';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'schema/TrustFrameworkPolicy_0.3.0.0.xsd';
const OUTPUT = 'server/src/service/data/schemaModel.json';

/** The xs:* element children of a node. */
function xsChildren(node, localName) {
  const out = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && c.namespaceURI === XS && (!localName || c.localName === localName)) out.push(c);
  }
  return out;
}

function xsChild(node, localName) {
  return xsChildren(node, localName)[0];
}

/** The documentation of a node's xs:annotation, whitespace collapsed. */
function docOf(node) {
  const ann = xsChild(node, 'annotation');
  const doc = ann && xsChild(ann, 'documentation');
  const text = doc ? doc.textContent.replace(/\s+/g, ' ').trim() : '';
  return text || undefined;
}

/** Strips the tfp: prefix from references to our own types; keeps xs: for built-ins. */
function typeRef(qname) {
  if (!qname) return 'xs:string';
  return qname.startsWith('tfp:') ? qname.slice(4) : qname;
}

function occurs(node) {
  const min = node.getAttribute('minOccurs');
  const max = node.getAttribute('maxOccurs');
  return { min: min ? Number(min) : 1, max: max === 'unbounded' ? 'unbounded' : max ? Number(max) : 1 };
}

class Compiler {
  constructor(schema) {
    this.schema = schema;
    this.types = {};
    this.simpleTypes = {};
    this.roots = {};
  }

  run() {
    for (const st of xsChildren(this.schema, 'simpleType')) this.simpleType(st.getAttribute('name'), st);
    for (const ct of xsChildren(this.schema, 'complexType')) this.complexType(ct.getAttribute('name'), ct);
    for (const el of xsChildren(this.schema, 'element')) {
      const name = el.getAttribute('name');
      this.roots[name] = this.elementType(name, el);
    }
    return { source: SOURCE, roots: this.roots, types: sortKeys(this.types), simpleTypes: sortKeys(this.simpleTypes) };
  }

  simpleType(name, node) {
    const restriction = xsChild(node, 'restriction');
    const base = typeRef(restriction && restriction.getAttribute('base'));
    const values = restriction ? xsChildren(restriction, 'enumeration').map((e) => e.getAttribute('value')) : [];
    this.simpleTypes[name] = values.length ? { base, enum: values } : { base };
    return name;
  }

  /** The enumeration of a simple type, or undefined. */
  enumOf(type) {
    return this.simpleTypes[type] && this.simpleTypes[type].enum;
  }

  complexType(name, node) {
    const t = {};
    const doc = docOf(node);
    if (doc) t.doc = doc;
    this.types[name] = t;
    let holder = node;
    const simpleContent = xsChild(node, 'simpleContent');
    if (simpleContent) {
      holder = xsChild(simpleContent, 'extension') || xsChild(simpleContent, 'restriction');
      const base = typeRef(holder.getAttribute('base'));
      t.text = this.enumOf(base) ? { type: base, enum: this.enumOf(base) } : { type: base };
    }
    const group = xsChild(holder, 'sequence') || xsChild(holder, 'choice') || xsChild(holder, 'all');
    if (group) this.contentOf(name, group, t);
    const attributes = xsChildren(holder, 'attribute').map((a) => this.attribute(name, a));
    if (attributes.length) t.attributes = attributes;
    return name;
  }

  /** Fills children (and the any flag) from the top-level model group of a type. */
  contentOf(owner, group, t) {
    const particle = this.particle(owner, group, t);
    if (!particle) return;
    // A top-level sequence that occurs exactly once is flattened; anything else stays a group.
    if (particle.group === 'sequence' && particle.min === 1 && particle.max === 1) {
      if (particle.children.length) t.children = particle.children;
    } else {
      t.children = [particle];
    }
  }

  particle(owner, node, t) {
    switch (node.localName) {
      case 'element': return this.elementParticle(owner, node);
      case 'any': t.any = true; return undefined;
      case 'sequence': case 'choice': case 'all': {
        const children = [];
        for (const c of xsChildren(node)) {
          const p = this.particle(owner, c, t);
          if (p) children.push(p);
        }
        return { group: node.localName, ...occurs(node), children };
      }
      default: return undefined;
    }
  }

  elementParticle(owner, node) {
    const name = node.getAttribute('name');
    const p = { name, type: this.elementType(`${owner}/${name}`, node), ...occurs(node) };
    const doc = docOf(node);
    if (doc) p.doc = doc;
    return p;
  }

  /** The type of an element declaration, compiling an anonymous type under the given path. */
  elementType(path, node) {
    if (node.getAttribute('type')) return typeRef(node.getAttribute('type'));
    const ct = xsChild(node, 'complexType');
    if (ct) return this.complexType(path, ct);
    const st = xsChild(node, 'simpleType');
    if (st) return this.simpleType(path, st);
    return 'xs:string';
  }

  attribute(owner, node) {
    const name = node.getAttribute('name');
    const st = xsChild(node, 'simpleType');
    const type = st ? this.simpleType(`${owner}@${name}`, st) : typeRef(node.getAttribute('type'));
    const a = { name, type };
    if (node.getAttribute('use') === 'required') a.required = true;
    if (this.enumOf(type)) a.enum = this.enumOf(type);
    const doc = docOf(node);
    if (doc) a.doc = doc;
    return a;
  }
}

function sortKeys(obj) {
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
}

/** Compiles the XSD text to the JSON text written to OUTPUT (exported for the regeneration test). */
export function compileSchema(xsdText) {
  const doc = new DOMParser().parseFromString(xsdText.replace(/^\uFEFF/, ''), 'text/xml');
  const model = new Compiler(doc.documentElement).run();
  return JSON.stringify(model, null, 1) + '\n';
}

// With --stdout the model is printed instead of written (the regeneration test compares it).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const json = compileSchema(readFileSync(resolve(root, SOURCE), 'utf8'));
  if (process.argv.includes('--stdout')) process.stdout.write(json);
  else {
    writeFileSync(resolve(root, OUTPUT), json);
    console.log(`Wrote ${OUTPUT} (${json.length} bytes).`);
  }
}
