const t = performance.now();
await import('vega');
const t2 = performance.now();
await import('vega-lite');
console.log('vega', (t2 - t).toFixed(0), 'vl', (performance.now() - t2).toFixed(0));
