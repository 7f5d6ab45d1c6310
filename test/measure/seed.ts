/** Seed of every property in these suites; override with FC_SEED=<n> to replay another run. */
export const SEED = Number(process.env.FC_SEED ?? 20_250_611);

/** Deep-walks a value and returns the paths of every NaN or non-finite number that is not ±Infinity by design. */
export function nanPaths(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isNaN(value) ? [path] : [];
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) out.push(...nanPaths(v, `${path}.${k}`));
  return out;
}
