/**
 * The shape of the compiled TrustFrameworkPolicy schema (schemaModel.json, written by scripts/compile-schema.mjs),
 * whose declarations schemaOverlay.ts also uses. It lives beside the data it describes, so data/ imports nothing
 * above it; the lookups over the schema are in model/schemaModel.ts, which re-exports these types.
 */
export type MaxOccurs = number | 'unbounded';

export interface ElementDecl {
  readonly name: string;
  readonly type: string;
  readonly min: number;
  readonly max: MaxOccurs;
  readonly doc?: string;
}

export interface GroupDecl {
  readonly group: string;
  readonly min: number;
  readonly max: MaxOccurs;
  readonly children: readonly Particle[];
}

export type Particle = ElementDecl | GroupDecl;

export interface AttributeDecl {
  readonly name: string;
  /** A built-in (xs:...) or a key of simpleTypes, which holds any enumeration. */
  readonly type: string;
  readonly required?: boolean;
  readonly doc?: string;
}

export interface ComplexTypeDecl {
  readonly doc?: string;
  readonly children?: readonly Particle[];
  readonly attributes?: readonly AttributeDecl[];
  readonly text?: { readonly type: string };
  /** The content is open (xs:any): children are not checked. */
  readonly any?: boolean;
}

export interface SimpleTypeDecl {
  readonly base: string;
  readonly enum?: readonly string[];
  /** Set by the overlay: the values are suggestions only, other values are not reported. */
  readonly open?: boolean;
}

export interface SchemaModel {
  readonly roots: Readonly<Record<string, string>>;
  readonly types: Readonly<Record<string, ComplexTypeDecl>>;
  readonly simpleTypes: Readonly<Record<string, SimpleTypeDecl>>;
}
