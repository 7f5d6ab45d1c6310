import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';

/** The parts of vega and vega-lite the renderer uses (loaded lazily, see {@link loadVega}). */
interface VegaModules {
  readonly vega: typeof import('vega');
  readonly vl: typeof import('vega-lite');
}

/** vega's string renderer: not in vega's typings, so its shape is spelled out here. */
interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: readonly [number, number]): SvgStringRenderer;
  background(color: unknown): SvgStringRenderer;
  render(scene: unknown): SvgStringRenderer;
  svg(): string;
}

/** The View internals a synchronous render needs (the same ones vega's own `toSVG` reads). */
interface ViewInternals {
  readonly _viewWidth: number;
  readonly _viewHeight: number;
  readonly _origin: readonly [number, number];
  readonly _scenegraph: { readonly root: unknown };
  padding(): { top: number; bottom: number; left: number; right: number };
  background(): unknown;
  run(): unknown;
  finalize(): unknown;
}

let modules: VegaModules | undefined;

/**
 * Loads vega and vega-lite on first use, not at import time: together they take ~0.6 s to load,
 * which every `import 'offerkit'` would otherwise pay. Both ship CommonJS builds, so a synchronous
 * createRequire works everywhere: under tsx, in the ESM bundle (whose bundler `require` shim throws on
 * dynamic requires) and in the CJS bundle (tsup's `shims` give it `import.meta.url`).
 */
function loadVega(): VegaModules {
  if (modules === undefined) {
    const load = createRequire(import.meta.url);
    modules = { vega: load('vega') as VegaModules['vega'], vl: load('vega-lite') as VegaModules['vl'] };
  }
  return modules;
}

/** Options of {@link renderVegaLiteSvg}. */
export interface RenderSvgOptions {
  /**
   * Prefix of the ids defined inside the SVG (clip paths). vega numbers them from a process-wide
   * counter, so the same chart renders with different ids each time, and two charts in one page
   * could collide; they are renumbered `${idPrefix}0`, `${idPrefix}1`, ... Default `'c'`.
   */
  idPrefix?: string;
}

/** Renumbers every id an SVG defines (and its `url(#id)` / `href="#id"` references) as `prefix0, prefix1, ...` in order of appearance. */
function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(match[1]!)) ids.set(match[1]!, `${prefix}${ids.size}`);
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
    const to = ids.get(id);
    return to === undefined ? whole : `${lead}${to}`;
  });
}

/**
 * Renders a Vega-Lite spec to a standalone SVG string, synchronously and headless (no DOM, no
 * canvas): vega-lite compiles the spec, a vega View evaluates it, and vega's SVG string renderer
 * draws the scene graph. Specs must carry their data inline (`data.values`); with nothing to load,
 * a View's evaluation completes synchronously, and the result is byte-identical to vega's
 * asynchronous `view.toSVG()` (a test checks this for every chart of the report). Text in the
 * spec (labels, titles, data) is escaped by vega's renderer; ids are renumbered (see
 * {@link RenderSvgOptions}) so the output is deterministic.
 *
 * Cost: O(data rows + marks); about 5-30 ms a chart. The first call loads vega (~0.6 s).
 *
 * @example
 * const svg = renderVegaLiteSvg({ data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar',
 *   encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } });
 * svg.startsWith('<svg'); // true
 */
export function renderVegaLiteSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): string {
  const { vega, vl } = loadVega();
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn }) as unknown as ViewInternals;
  try {
    view.run();
    // Same size and origin as vega-view's renderHeadless: the laid-out view plus padding.
    const pad = view.padding();
    const Renderer = (vega as unknown as { SVGStringRenderer: new () => SvgStringRenderer }).SVGStringRenderer;
    const renderer = new Renderer()
      .initialize(null, Math.max(0, view._viewWidth + pad.left + pad.right), Math.max(0, view._viewHeight + pad.top + pad.bottom), [
        pad.left + view._origin[0],
        pad.top + view._origin[1],
      ])
      .background(view.background());
    return renumberIds(renderer.render(view._scenegraph.root).svg(), options.idPrefix ?? 'c');
  } finally {
    view.finalize();
  }
}

/**
 * The same chart through vega's public asynchronous path (`view.toSVG()`); the reference the
 * synchronous {@link renderVegaLiteSvg} is tested against. Cost: as renderVegaLiteSvg.
 *
 * @example
 * (await renderVegaLiteSvgAsync(spec)) === renderVegaLiteSvg(spec); // true
 */
export async function renderVegaLiteSvgAsync(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const { vega, vl } = loadVega();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none', logLevel: vega.Warn });
  try {
    return renumberIds(await view.toSVG(), options.idPrefix ?? 'c');
  } finally {
    view.finalize();
  }
}
