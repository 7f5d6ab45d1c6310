// The layout rules of DESIGN.md, checked on the source tree: no import cycle (type-only imports
// included), layers whose arrows never run back up, no `export *` in src/index.ts, and no function
// over 150 lines but the scoring kernel's.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** file (relative to src) -> the src files it imports (type-only imports and re-exports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps: string[] = [];
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), ref.fileName.replace(/\.js$/, '.ts'));
      deps.push(relative(SRC, target));
    }
    graph.set(relative(SRC, file), deps);
  }
  return graph;
}

/** Every cycle's files, found by Tarjan's strongly connected components (iterative, no recursion). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const deps = graph.get(top.v) ?? [];
      if (top.i < deps.length) {
        const w = deps[top.i++]!;
        if (!graph.has(w)) continue;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.v);
        if (component.length > 1 || (graph.get(top.v) ?? []).includes(top.v)) out.push(component.sort());
      }
    }
  }
  return out;
}

/** Functions (declarations, methods, arrow functions) longer than `max` lines, as `file:line name length`. */
function longFunctions(max: number): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const name = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
        if (end - start + 1 > max) out.push(`${relative(SRC, file)}:${start + 1} ${name} ${end - start + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** What each layer may not import: the arrows of DESIGN.md's layer table never run back up. */
const FORBIDDEN: readonly { readonly layer: RegExp; readonly may: string; readonly not: RegExp }[] = [
  { layer: /^lib\//, may: 'lib only', not: /^(?!lib\/)/ },
  { layer: /^schema\//, may: 'lib and schema', not: /^(?!lib\/|schema\/)/ },
  { layer: /^ingest\//, may: 'lib, schema and ingest', not: /^(?!lib\/|schema\/|ingest\/)/ },
  {
    layer: /^(profile|score|propensity|select|protect|assemble|measure)\//,
    may: 'the boundary and the stages',
    not: /^(shard|run|cli|report|bullmq|synth|completejourney)\/|^(campaign|demo|cli|index)\.ts$/,
  },
  { layer: /^shard\//, may: 'everything below the pipeline', not: /^(run|cli|report|bullmq|synth|completejourney)\/|^(campaign|demo|cli|index)\.ts$/ },
  { layer: /^campaign\.ts$/, may: 'stages and shard', not: /^(run|cli|report|bullmq|synth|completejourney)\/|^(demo|cli|index)\.ts$/ },
];

describe('source layout', () => {
  it('src layers import only downwards (lib < schema < ingest < stages < shard < campaign < run, bullmq, cli, report, subpaths)', () => {
    const wrong: string[] = [];
    for (const [file, deps] of importGraph()) {
      for (const rule of FORBIDDEN) {
        if (!rule.layer.test(file)) continue;
        for (const dep of deps) if (rule.not.test(dep)) wrong.push(`${file} imports ${dep} (${rule.may} allowed)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('src has no import cycle, type-only imports included', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('src/index.ts lists its exports by name (no export *)', () => {
    expect(readFileSync(join(SRC, 'index.ts'), 'utf8')).not.toMatch(/export \*/);
  });

  it('no function in src is over 150 lines but the scoring kernel scoreInto (its length buys speed, see its comment)', () => {
    expect(longFunctions(150).filter((f) => !/score\/scoreInto\.ts:\d+ scoreInto /.test(f))).toEqual([]);
  });
});
