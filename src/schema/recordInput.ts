/** The loose shape a record may take before validation: CSV strings or native values, dates as ISO strings or `Date`. */
type Cell<T> = T extends number
  ? number | string
  : T extends boolean
    ? boolean | string
    : T extends readonly string[]
      ? readonly string[] | string
      : T;

/**
 * Input form of a validated record `T`: every field may be given as its CSV string, day fields `D` as
 * an ISO date string, a `Date` or a day number. Requiredness is checked at runtime by the schema,
 * which names each missing field.
 */
export type RecordInput<T, D extends keyof T = never> = {
  [K in keyof T]?: K extends D ? string | Date | number : Cell<T[K]>;
};
