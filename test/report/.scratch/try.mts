import * as vega from 'vega';
import * as vl from 'vega-lite';
const spec: any = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  width: 400, height: 200,
  data: { values: [{a: 'x<y', b: 3}, {a: 'B', b: 5}] },
  mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
};
const vgSpec = vl.compile(spec).spec;
const view: any = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
view.run();
const p = view.padding();
const r = new (vega as any).SVGStringRenderer();
r.initialize(null, view._viewWidth + p.left + p.right, view._viewHeight + p.top + p.bottom, [p.left + view._origin[0], p.top + view._origin[1]]);
r.background(view.background());
r.render(view._scenegraph.root);
const syncSvg = r.svg();
const asyncSvg = await view.toSVG();
console.log(syncSvg.length, asyncSvg.length, syncSvg === asyncSvg);
if (syncSvg !== asyncSvg) { console.log(syncSvg.slice(0,300)); console.log(asyncSvg.slice(0,300)); }
