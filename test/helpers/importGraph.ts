/**
 * The import graph of the sources, read with the TypeScript parser (no type checking, no program), and the checks
 * that keep its arrows pointing one way. The rules themselves (which layer may import which) are data in
 * test/unit/importGraph.test.ts; this file only reads and judges.
 */
import * as fs from 'fs';
import * as path from 'path';
import { builtinModules } from 'module';
import * as ts from 'typescript';

export interface ImportEdge {
  /** The specifier as written: './completion', 'fs', '../../model/policyFile'. */
  readonly spec: string;
  /** 1-based line of the import. */
  readonly line: number;
  /** `import type`, `export type`, or every named binding marked `type`: erased from the output. */
  readonly typeOnly: boolean;
  /** Repository-relative path ('/'-separated) the relative specifier resolves to; unset for packages and builtins. */
  readonly target?: string;
  /** A relative specifier that resolves to no file. */
  readonly unresolved?: boolean;
}

/** Repository-relative file path → the imports it makes, in source order. */
export type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

export interface Layer {
  readonly name: string;
  /**
   * Repository-relative: a folder and everything under it ('a/b/'), the files directly in a folder ('a/b/*'), or one
   * file. A file belongs to the longest path that contains it.
   */
  readonly paths: readonly string[];
}

export interface LayerRules {
  /** Lowest first: a file may import files of its own layer and of the layers listed before it, never after. */
  readonly layers: readonly Layer[];
  /** Layers that must stay free of I/O and of the protocol: the packages below are refused there. */
  readonly pure: readonly string[];
  /** Packages (or package/subpath) a pure layer must not import, besides every Node builtin. */
  readonly pureForbids: readonly string[];
  /**
   * Per layer, the only files of other layers it may import by value (prefixes); type-only imports are free.
   * For a layer that lives in another process and reaches the rest over a protocol.
   */
  readonly reachOnly?: Readonly<Record<string, readonly string[]>>;
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const posix = (p: string) => p.split(path.sep).join('/');

function sourcesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourcesUnder(p));
    else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** How a relative specifier resolves under node16 resolution, for the files this repository has. */
export function resolveRelative(root: string, fromFile: string, spec: string): string | undefined {
  const base = path.resolve(root, path.dirname(fromFile), spec);
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${stem}.d.ts`, `${base}.json`,
    path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  for (const c of candidates) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return posix(path.relative(root, c));
  }
  return undefined;
}

/** The imports of one source text: static imports and re-exports, `import x = require()`, `require()` and `import()`. */
export function importsOf(text: string, fileName = 'file.ts'): Array<Omit<ImportEdge, 'target' | 'unresolved'>> {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Array<Omit<ImportEdge, 'target' | 'unresolved'>> = [];
  const add = (spec: ts.Expression | undefined, node: ts.Node, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    out.push({ spec: spec.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, node, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier, node, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(node.arguments[0], node, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, node, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Reads every TypeScript source under the given repository-relative folders. */
export function readImportGraph(root: string, folders: readonly string[]): ImportGraph {
  const graph = new Map<string, ImportEdge[]>();
  for (const folder of folders) {
    for (const abs of sourcesUnder(path.join(root, folder))) {
      const file = posix(path.relative(root, abs));
      const edges = importsOf(fs.readFileSync(abs, 'utf8'), abs).map((e): ImportEdge => {
        if (!e.spec.startsWith('.')) return e;
        const target = resolveRelative(root, file, e.spec);
        return target ? { ...e, target } : { ...e, unresolved: true };
      });
      graph.set(file, edges);
    }
  }
  return graph;
}

/** Every import circle, each as a path that starts and ends at the same file (the shortest through its first file). */
export function findCycles(graph: ImportGraph): string[][] {
  const next = (f: string) => [...new Set((graph.get(f) ?? []).map((e) => e.target).filter((t): t is string => !!t && graph.has(t)))];
  // Tarjan's strongly connected components, iteratively (a deep chain must not overflow the stack).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; children: string[]; i: number }> = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), i: 0 });
    };
    enter(start);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.children.length) {
        const child = top.children[top.i++];
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        if (component.length > 1 || next(top.node).includes(top.node)) components.push(component.sort());
      }
    }
  }
  // One concrete circle per component: breadth-first from its first file back to itself, inside the component.
  return components.sort((a, b) => a[0].localeCompare(b[0])).map((component) => {
    const members = new Set(component);
    const first = component[0];
    const from = new Map<string, string>();
    const queue = [first];
    while (queue.length) {
      const n = queue.shift()!;
      for (const m of next(n)) {
        if (!members.has(m)) continue;
        if (m === first) {
          const cycle = [n];
          while (cycle[0] !== first) cycle.unshift(from.get(cycle[0])!);
          return [...cycle, first];
        }
        if (!from.has(m)) {
          from.set(m, n);
          queue.push(m);
        }
      }
    }
    return [...component, first];
  });
}

/** The layer a file belongs to: the longest listed path that contains it. */
export function layerOf(file: string, layers: readonly Layer[]): { layer: Layer; rank: number } | undefined {
  let best: { layer: Layer; rank: number; length: number } | undefined;
  layers.forEach((layer, rank) => {
    for (const p of layer.paths) {
      const inside = p.endsWith('/*') ? file.startsWith(p.slice(0, -1)) && !file.slice(p.length - 1).includes('/')
        : p.endsWith('/') ? file.startsWith(p) : file === p;
      if (inside && (!best || p.length > best.length)) best = { layer, rank, length: p.length };
    }
  });
  return best && { layer: best.layer, rank: best.rank };
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(packageName(spec)) || builtinModules.includes(spec);

/** Every broken rule, one line each; empty when the graph keeps them all. */
export function checkImportGraph(graph: ImportGraph, rules: LayerRules): string[] {
  const problems: string[] = [];
  const files = [...graph.keys()].sort();
  for (const layer of rules.layers) {
    if (!files.some((f) => layerOf(f, rules.layers)?.layer === layer)) problems.push(`layer ${layer.name} holds no source file (${layer.paths.join(', ')})`);
  }
  for (const cycle of findCycles(graph)) problems.push(`import circle: ${cycle.join(' → ')}`);
  for (const file of files) {
    const own = layerOf(file, rules.layers);
    if (!own) {
      problems.push(`${file}: in no layer (add its folder to the layers)`);
      continue;
    }
    const pure = rules.pure.includes(own.layer.name);
    const reach = rules.reachOnly?.[own.layer.name];
    for (const e of graph.get(file) ?? []) {
      const at = `${file}:${e.line}`;
      if (e.unresolved) {
        problems.push(`${at}: '${e.spec}' resolves to no file`);
        continue;
      }
      if (!e.target) {
        if (pure && (isBuiltin(e.spec) || rules.pureForbids.some((f) => e.spec === f || e.spec.startsWith(`${f}/`)))) {
          problems.push(`${at}: ${own.layer.name} (no I/O, no protocol) imports '${e.spec}'`);
        }
        continue;
      }
      const other = layerOf(e.target, rules.layers);
      if (!other) {
        problems.push(`${at}: imports ${e.target}, which is in no layer`);
        continue;
      }
      if (other.rank > own.rank) problems.push(`${at}: ${own.layer.name} imports the higher layer ${other.layer.name} (${e.target})`);
      else if (reach && other.rank !== own.rank && !e.typeOnly && !reach.some((r) => (r.endsWith('/') ? e.target!.startsWith(r) : e.target === r))) {
        problems.push(`${at}: ${own.layer.name} may import only ${reach.join(', ')} (or types), not ${e.target}`);
      }
    }
  }
  return problems;
}
