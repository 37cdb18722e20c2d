/**
 * Lookups over the compiled TrustFrameworkPolicy schema (data/schemaModel.json) with the hand-written
 * corrections of data/schemaOverlay.ts applied. Everything here is pure and works on immutable data.
 */
import compiled from '../data/schemaModel.json';
import { schemaOverlay, SchemaOverlay } from '../data/schemaOverlay';
import type { AttributeDecl, ComplexTypeDecl, ElementDecl, GroupDecl, MaxOccurs, Particle, SchemaModel, SimpleTypeDecl } from '../data/schemaTypes';
import { XmlElement, localName } from '../xml/parser';

export type { AttributeDecl, ComplexTypeDecl, ElementDecl, GroupDecl, MaxOccurs, Particle, SchemaModel, SimpleTypeDecl } from '../data/schemaTypes';

/** A child element allowed by a content model, flattened: `order` is its position in schema order. */
export interface ChildSlot {
  readonly decl: ElementDecl;
  /** Elements of one choice share an order; a later order must come later in the document. */
  readonly order: number;
  /** True when the element must appear (it is not inside an optional group or a choice). */
  readonly required: boolean;
  readonly max: MaxOccurs;
}

export function isGroup(p: Particle): p is GroupDecl {
  return (p as GroupDecl).group !== undefined;
}

/** Returns a copy of the compiled model with the overlay applied. */
export function applyOverlay(base: SchemaModel, overlay: SchemaOverlay): SchemaModel {
  const types: Record<string, ComplexTypeDecl> = { ...base.types };
  const simpleTypes: Record<string, SimpleTypeDecl> = { ...base.simpleTypes };
  for (const [name, attrs] of Object.entries(overlay.attributes ?? {})) {
    const t = types[name];
    const kept = (t.attributes ?? []).filter((a) => !attrs.some((b) => b.name === a.name));
    types[name] = { ...t, attributes: [...kept, ...attrs] };
  }
  for (const [name, children] of Object.entries(overlay.children ?? {})) {
    types[name] = { ...types[name], ...insertChildren(types[name], children) };
  }
  for (const [name, change] of Object.entries(overlay.enums ?? {})) {
    const st = simpleTypes[name];
    simpleTypes[name] = { ...st, enum: [...(st.enum ?? []), ...(change.add ?? [])], open: change.open || st.open };
  }
  return { roots: base.roots, types, simpleTypes };
}

function insertChildren(t: ComplexTypeDecl, added: readonly { after?: string; decl: ElementDecl }[]): ComplexTypeDecl {
  const children = [...(t.children ?? [])];
  for (const { after, decl } of added) {
    const at = after === undefined ? 0 : children.findIndex((p) => !isGroup(p) && p.name === after) + 1;
    children.splice(at > 0 || after === undefined ? at : children.length, 0, decl);
  }
  return { children };
}

export const schema: SchemaModel = applyOverlay(compiled as SchemaModel, schemaOverlay);

export function complexType(typeName: string | undefined): ComplexTypeDecl | undefined {
  return typeName === undefined ? undefined : schema.types[typeName];
}

export function simpleType(typeName: string | undefined): SimpleTypeDecl | undefined {
  return typeName === undefined ? undefined : schema.simpleTypes[typeName];
}

/** The enumeration of a simple type (built-in booleans included), or undefined. */
export function enumValues(typeName: string | undefined): readonly string[] | undefined {
  if (typeName === 'xs:boolean') return ['true', 'false'];
  return simpleType(typeName)?.enum;
}

/** The enumeration a value is checked against: closed enumerations only. */
export function closedEnum(typeName: string | undefined): readonly string[] | undefined {
  const st = simpleType(typeName);
  return st && !st.open ? st.enum : undefined;
}

function timesMax(a: MaxOccurs, b: MaxOccurs): MaxOccurs {
  return a === 'unbounded' || b === 'unbounded' ? 'unbounded' : a * b;
}

interface WalkState { readonly shared?: number; readonly required: boolean; readonly max: MaxOccurs }

/** The child elements a type allows, flattened in schema order. */
export function childSlots(typeName: string | undefined): ChildSlot[] {
  const out: ChildSlot[] = [];
  let next = 0;
  const walk = (particles: readonly Particle[], state: WalkState): void => {
    for (const p of particles) {
      const max = timesMax(state.max, p.max);
      if (!isGroup(p)) {
        out.push({ decl: p, order: state.shared ?? next++, required: state.required && p.min > 0, max });
        continue;
      }
      // Members of a choice, an all group or a repeated sequence may come in any order among themselves.
      const unordered = p.group !== 'sequence' || p.max !== 1;
      const shared = state.shared ?? (unordered ? next++ : undefined);
      walk(p.children, { shared, required: state.required && p.min > 0 && p.group !== 'choice', max });
    }
  };
  walk(complexType(typeName)?.children ?? [], { required: true, max: 1 });
  return out;
}

/** The slot for a child element name (compared by local name), or undefined. */
export function findChildSlot(typeName: string | undefined, name: string): ChildSlot | undefined {
  const local = localName(name);
  return childSlots(typeName).find((s) => s.decl.name === local);
}

export function findAttribute(typeName: string | undefined, name: string): AttributeDecl | undefined {
  return complexType(typeName)?.attributes?.find((a) => a.name === name);
}

/** The root type when the document element is a TrustFrameworkPolicy (any prefix), else undefined. */
export function rootType(root: XmlElement | undefined): string | undefined {
  return root ? schema.roots[localName(root.name)] : undefined;
}

/** The element's declaration in its parent's content model (undefined for the root or unknown elements). */
export function elementDecl(el: XmlElement): ElementDecl | undefined {
  return el.parent ? findChildSlot(typeOfElement(el.parent), el.name)?.decl : undefined;
}

/** The schema type of an element, following its ancestors from the root; undefined when any step is unknown. */
export function typeOfElement(el: XmlElement): string | undefined {
  if (!el.parent) return rootType(el);
  return elementDecl(el)?.type;
}
