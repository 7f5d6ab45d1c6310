import type { Profiles } from '../profile/profiles.js';
import type { RelevanceModel } from '../score/relevanceModel.js';
import { takeCsrRows, takeRows } from './sliceRows.js';

/**
 * The fitted relevance model restricted to customers `rows`, in `rows` order: per-customer and
 * per-entry arrays are copied for those customers; everything fitted on the whole population
 * (category and offer factors, offer values, population rates, and the population extremes the
 * kernel's offer order is bounded by) is shared, so every shard compiles the same kernel layout
 * (`compileKernel`), scores with the same model, and a customer's candidates do not depend on its
 * shard. `profiles` should be `sliceProfiles(model.profiles, rows)` (kept for the reference scorer
 * and explanations). Inputs are not mutated.
 *
 * @throws RangeError when `profiles` does not hold `rows.length` customers.
 * @example
 * const shardModel = sliceModel(model, rows, sliceProfiles(model.profiles, rows));
 * scoreAll(shardModel, { k: 16 }); // the shard's rows of scoreAll(model)
 *
 * Cost: O(rows x d + profile and product-history entries of those rows).
 */
export function sliceModel(model: RelevanceModel, rows: Int32Array, profiles: Profiles): RelevanceModel {
  if (profiles.customerCount !== rows.length) {
    throw new RangeError(`sliceModel: profiles hold ${profiles.customerCount} customers but rows lists ${rows.length}; pass sliceProfiles(model.profiles, rows)`);
  }
  // A fitted model's entries are its profiles' CSR: the slice then shares the sliced profiles' row pointers and categories instead of copying them again.
  const entriesAreProfiles = model.entryRowPtr === model.profiles.rowPtr && model.entryCategory === model.profiles.category;
  const entries = takeCsrRows(model.entryRowPtr, [model.entryAffinity, model.entryDue] as const, rows);
  const [entryAffinity, entryDue] = entries.columns;
  const entryCategory = entriesAreProfiles ? profiles.category : takeCsrRows(model.entryRowPtr, [model.entryCategory] as const, rows).columns[0];
  // The product history's CSR (empty without one): the same rows, in `rows` order.
  const products = model.customerProductPtr.length > 0 ? takeCsrRows(model.customerProductPtr, [model.customerProduct, model.customerProductCount] as const, rows) : undefined;
  return {
    ...model,
    customerCount: rows.length,
    profiles,
    customerFactor: takeRows(model.customerFactor, rows, model.dimensions),
    customerEvidence: takeRows(model.customerEvidence, rows),
    customerShareTotal: takeRows(model.customerShareTotal, rows),
    customerValueScale: takeRows(model.customerValueScale, rows),
    entryRowPtr: entriesAreProfiles ? profiles.rowPtr : entries.rowPtr,
    entryCategory,
    entryAffinity,
    entryDue,
    customerBaseAffinity: takeRows(model.customerBaseAffinity, rows),
    customerNorm: takeRows(model.customerNorm, rows),
    customerProductPtr: products === undefined ? model.customerProductPtr : products.rowPtr,
    customerProduct: products === undefined ? model.customerProduct : products.columns[0],
    customerProductCount: products === undefined ? model.customerProductCount : products.columns[1],
  };
}
