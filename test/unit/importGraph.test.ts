/**
 * The layers of ARCHITECTURE.md, kept by the import graph: no import circle anywhere in server/src or client/src,
 * no import from a layer to one above it, no I/O or protocol package in the service, and a client that reaches
 * the server only through LSP and the build and deploy code it runs in the extension host.
 * The allowed direction is written once, below, as data; test/helpers/importGraph.ts reads and judges.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ImportEdge, ImportGraph, LayerRules, checkImportGraph, findCycles, importsOf, readImportGraph } from '../helpers/importGraph';
import { REPO_ROOT } from '../helpers/paths';

const S = 'server/src/service/';

/**
 * Lowest first. A file may import its own layer and the layers before it, never one after it.
 * `data` imports nothing of ours: facts and their shapes. `messages`: what a diagnostic is (its code, severity and
 * title) and how it quotes a value. The protocol layer is the files directly in server/src (server.ts, workspaceDiagnostics.ts,
 * main.ts, cli.ts, …).
 */
const RULES: LayerRules = {
  layers: [
    { name: 'data', paths: [`${S}data/`] },
    { name: 'messages', paths: [`${S}messages/`] },
    { name: 'xml', paths: [`${S}xml/`] },
    { name: 'model', paths: [`${S}model/`] },
    { name: 'index', paths: [`${S}index/`] },
    { name: 'effective', paths: [`${S}effective/`] },
    { name: 'journey', paths: [`${S}journey/`] },
    { name: 'environments', paths: [`${S}environments/`] },
    { name: 'run', paths: [`${S}run/`] },
    { name: 'features', paths: [`${S}features/`] },
    { name: 'service', paths: [`${S}languageService.ts`] },
    { name: 'node', paths: ['server/src/node/'] },
    { name: 'protocol', paths: ['server/src/*'] },
    { name: 'client', paths: ['client/src/'] },
  ],
  // All of server/src/service/: pure functions, no I/O, no connection.
  pure: ['data', 'messages', 'xml', 'model', 'index', 'effective', 'journey', 'environments', 'run', 'features', 'service'],
  pureForbids: ['vscode', 'vscode-languageserver', 'vscode-languageclient', 'vscode-jsonrpc'],
  reachOnly: {
    // The extension host runs build and deploy itself (node/build, node/deploy, the CLI's formatters of their
    // results, the appsettings model for the environment picker) and draws the journey view with the pure HTML
    // renderer (the model comes over LSP); every language feature reaches it over LSP.
    // Types of the service are free: they vanish from the bundle and describe what the server sends.
    client: ['server/src/node/build/', 'server/src/node/deploy/', 'server/src/node/cli/buildCommand.ts', 'server/src/node/cli/deployCommand.ts',
      `${S}environments/`, `${S}journey/journeyHtml.ts`],
  },
};

const FOLDERS = ['server/src', 'client/src'];

describe('import graph', () => {
  it('has no circle, no upward import, no I/O in the service, and a client that stays thin', () => {
    const graph = readImportGraph(REPO_ROOT, FOLDERS);
    // The scan sees the real sources: the service's public face re-exports the index and the features.
    assert.ok(graph.size > 100, `only ${graph.size} files read`);
    const face = graph.get(`${S}languageService.ts`)?.map((e) => e.target);
    assert.ok(face?.includes(`${S}index/policyIndex.ts`), 'languageService.ts → index/policyIndex.ts is seen');
    assert.deepEqual(checkImportGraph(graph, RULES), []);
  });

  it('keeps server/src/service/features/ to feature folders', () => {
    const loose = fs.readdirSync(path.join(REPO_ROOT, S, 'features'), { withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => e.name);
    assert.deepEqual(loose, [], 'every file of features/ is in a feature folder');
  });

  describe('the checker', () => {
    /** An in-memory graph: a string is a package specifier, or a resolved file when it holds '/src/'. */
    const graphOf = (edges: Record<string, Array<string | Partial<ImportEdge>>>): ImportGraph =>
      new Map(Object.entries(edges).map(([file, list]) => [file, list.map((e): ImportEdge =>
        typeof e === 'string' ? { spec: e, line: 1, typeOnly: false, target: e.includes('/src/') ? e : undefined }
          : { spec: e.spec ?? e.target ?? '', line: e.line ?? 1, typeOnly: e.typeOnly ?? false, target: e.target, unresolved: e.unresolved })]));

    it('fails on a circle added to a copy of the real sources, naming the path', () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-import-graph-'));
      try {
        for (const f of FOLDERS) fs.cpSync(path.join(REPO_ROOT, f), path.join(tmp, f), { recursive: true });
        assert.deepEqual(checkImportGraph(readImportGraph(tmp, FOLDERS), RULES), [], 'the copy passes before the edit');
        const lineIndex = path.join(tmp, S, 'model', 'lineIndex.ts');
        // A type-only import is enough: a circle over types is still a circle.
        fs.appendFileSync(lineIndex, "\nimport type { PolicyIndex } from '../index/policyIndex';\nexport type Unused = PolicyIndex;\n");
        const problems = checkImportGraph(readImportGraph(tmp, FOLDERS), RULES);
        const circle = problems.filter((p) => p.startsWith('import circle: '));
        assert.equal(circle.length, 1, problems.join('\n'));
        const hops = circle[0].slice('import circle: '.length).split(' → ');
        assert.equal(hops[0], hops[hops.length - 1], 'the path closes');
        assert.ok(hops.includes(`${S}model/lineIndex.ts`) && hops.includes(`${S}index/policyIndex.ts`), circle[0]);
        // Each hop is a real import of the copy.
        const graph = readImportGraph(tmp, FOLDERS);
        for (let i = 0; i + 1 < hops.length; i++) assert.ok(graph.get(hops[i])!.some((e) => e.target === hops[i + 1]), `${hops[i]} → ${hops[i + 1]}`);
        assert.ok(problems.some((p) => p.startsWith(`${S}model/lineIndex.ts:`) && p.includes('model imports the higher layer index')), problems.join('\n'));
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });

    it('finds a circle between two files of one layer, and a file that imports itself', () => {
      const a = `${S}features/a.ts`, b = `${S}features/b.ts`, c = `${S}features/c.ts`;
      assert.deepEqual(findCycles(graphOf({ [a]: [b], [b]: [c], [c]: [a] })), [[a, b, c, a]]);
      assert.deepEqual(findCycles(graphOf({ [a]: [a] })), [[a, a]]);
      assert.deepEqual(findCycles(graphOf({ [a]: [b, c], [b]: [c], [c]: [] })), []);
      // Two separate circles are both reported.
      assert.equal(findCycles(graphOf({ [a]: [b], [b]: [a], [c]: [`${S}features/d.ts`], [`${S}features/d.ts`]: [c] })).length, 2);
    });

    it('refuses I/O, the protocol and the server package in the service, and keeps its types packages', () => {
      const f = `${S}features/x.ts`;
      const problems = checkImportGraph(graphOf({
        [f]: ['fs', 'node:path', 'vscode-languageserver/node', 'vscode-languageserver', 'vscode-languageserver-types', 'vscode-languageserver-textdocument', 'jsonc-parser',
          { spec: '../../server', target: 'server/src/server.ts' }, { spec: '../../node/files', target: 'server/src/node/files.ts' }],
        'server/src/server.ts': [], 'server/src/node/files.ts': ['fs'],
      }), RULES).filter((p) => p.startsWith(f));
      assert.deepEqual(problems.map((p) => p.replace(/^[^ ]+ /, '')), [
        "features (no I/O, no protocol) imports 'fs'",
        "features (no I/O, no protocol) imports 'node:path'",
        "features (no I/O, no protocol) imports 'vscode-languageserver/node'",
        "features (no I/O, no protocol) imports 'vscode-languageserver'",
        'features imports the higher layer protocol (server/src/server.ts)',
        'features imports the higher layer node (server/src/node/files.ts)',
      ]);
    });

    it('refuses upward imports from data, xml and model, and a file in no layer', () => {
      const problems = checkImportGraph(graphOf({
        [`${S}data/d.ts`]: [`${S}features/schemaValidation.ts`],
        [`${S}xml/x.ts`]: [`${S}model/policyFile.ts`],
        [`${S}model/m.ts`]: [`${S}xml/x.ts`, `${S}effective/mergedProfile.ts`],
        [`${S}features/schemaValidation.ts`]: [`${S}data/d.ts`], [`${S}model/policyFile.ts`]: [], [`${S}effective/mergedProfile.ts`]: [],
        [`${S}newLayer/y.ts`]: [], 'server/src/stdioFraming.ts': [], 'server/src/main.ts': [{ target: 'server/src/stdioFraming.ts' }],
      }), RULES);
      assert.ok(problems.includes(`${S}data/d.ts:1: data imports the higher layer features (${S}features/schemaValidation.ts)`), problems.join('\n'));
      assert.ok(problems.includes(`${S}xml/x.ts:1: xml imports the higher layer model (${S}model/policyFile.ts)`));
      assert.ok(problems.includes(`${S}model/m.ts:1: model imports the higher layer effective (${S}effective/mergedProfile.ts)`));
      assert.ok(!problems.some((p) => p.includes('model imports the higher layer xml')), 'model may import xml');
      assert.ok(problems.includes(`${S}newLayer/y.ts: in no layer (add its folder to the layers)`));
      // A new file directly in server/src is the protocol layer's; a new folder of the service must be placed.
      assert.ok(!problems.some((p) => p.startsWith('server/src/stdioFraming.ts') || p.startsWith('server/src/main.ts')), problems.join('\n'));
      assert.ok(problems.some((p) => p.startsWith('import circle: ') && p.includes(`${S}data/d.ts`)));
    });

    it('lets the client import only the build and deploy code by value, and any service type', () => {
      const problems = checkImportGraph(graphOf({
        'client/src/a.ts': [`${S}environments/appSettingsModel.ts`, 'server/src/node/build/build.ts',
          { target: `${S}features/completion.ts`, line: 3 }, { target: `${S}journey/types.ts`, line: 4, typeOnly: true }, { target: 'server/src/server.ts', line: 5 }],
        [`${S}environments/appSettingsModel.ts`]: [], 'server/src/node/build/build.ts': [], [`${S}features/completion.ts`]: [], [`${S}journey/types.ts`]: [], 'server/src/server.ts': [],
      }), RULES).filter((p) => p.startsWith('client/'));
      assert.equal(problems.length, 2, problems.join('\n'));
      assert.match(problems[0], /^client\/src\/a\.ts:3: client may import only .* not server\/src\/service\/features\/completion\.ts$/);
      assert.match(problems[1], /^client\/src\/a\.ts:5: .*server\/src\/server\.ts$/);
    });

    it('reports a relative import that resolves to nothing, and a layer that holds no file', () => {
      const problems = checkImportGraph(graphOf({ [`${S}features/x.ts`]: [{ spec: './gone', unresolved: true, line: 7 }] }), RULES);
      assert.ok(problems.includes(`${S}features/x.ts:7: './gone' resolves to no file`), problems.join('\n'));
      assert.ok(problems.includes('layer node holds no source file (server/src/node/)'));
    });

    it('reads every form of import: multi-line, re-exports, type-only, require, import(), import type nodes; resolves index files and .js', () => {
      const edges = importsOf([
        "import {",
        "  a,",
        "  b,",
        "} from './multi';",
        "import type { T } from './types';",
        "import { type U, type V } from './onlyTypes';",
        "import { type W, w } from './mixed';",
        "export * from './all';",
        "export type { X } from './exportedTypes';",
        "import fs = require('fs');",
        "const lazy = () => import('./lazy');",
        "const r = require('./required');",
        "let t: import('./typeNode').Y;",
        "import './sideEffect';",
      ].join('\n'));
      assert.deepEqual(edges.map((e) => [e.spec, e.line, e.typeOnly]), [
        ['./multi', 1, false], ['./types', 5, true], ['./onlyTypes', 6, true], ['./mixed', 7, false], ['./all', 8, false],
        ['./exportedTypes', 9, true], ['fs', 10, false], ['./lazy', 11, false], ['./required', 12, false], ['./typeNode', 13, true], ['./sideEffect', 14, false],
      ]);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'b2c-import-read-'));
      try {
        const write = (f: string, text: string) => {
          fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
          fs.writeFileSync(path.join(tmp, f), text);
        };
        write('src/folder/index.ts', "export { b } from '../b.js';\n");
        write('src/b.ts', "import data from './data.json';\nexport const b = data;\n");
        write('src/data.json', '{}');
        write('src/a.ts', "import { b } from './folder';\nimport { c } from './c';\n");
        const graph = readImportGraph(tmp, ['src']);
        assert.deepEqual([...graph.keys()].sort(), ['src/a.ts', 'src/b.ts', 'src/folder/index.ts']);
        assert.deepEqual(graph.get('src/a.ts')!.map((e) => e.target ?? (e.unresolved ? 'unresolved' : '')), ['src/folder/index.ts', 'unresolved']);
        assert.deepEqual(graph.get('src/folder/index.ts')!.map((e) => e.target), ['src/b.ts']);
        assert.deepEqual(graph.get('src/b.ts')!.map((e) => e.target), ['src/data.json']);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
});
