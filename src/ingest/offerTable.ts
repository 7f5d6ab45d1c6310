import { OFFER_KINDS, TARGET_HISTORIES, type Offer } from '../schema/offer.js';
import { CHANNELS } from '../schema/customer.js';
import type { Catalog } from './catalog.js';
import { csrFromLists, type Csr } from './csr.js';
import type { CustomerTable } from './customerTable.js';
import { IdIndex } from './idIndex.js';

/**
 * Offers in columnar form. `categories` is the resolved target set every model stage uses: the
 * offer's target categories, plus the categories of its target products and of its target brands'
 * products. Rule lists (regions, stores, segments) are resolved to the customer table's indices; a
 * name no customer has matches no one.
 */
export interface OfferTable {
  readonly ids: IdIndex;
  readonly groups: IdIndex;
  /** Index into {@link OFFER_KINDS}. */
  readonly kind: Uint8Array;
  readonly categories: Csr;
  readonly products: Csr;
  readonly brands: Csr;
  /** Department of the first target category, `-1` for untargeted (generic) offers. */
  readonly department: Int32Array;
  /** Sensitive tag index (catalog `sensitiveTags`) of the first sensitive target category, `-1` when none. */
  readonly sensitive: Int32Array;
  readonly reward: Float64Array;
  readonly cost: Float64Array;
  readonly margin: Float64Array;
  /** Coupons available; `Infinity` when uncapped. */
  readonly capacity: Float64Array;
  /** Budget on expected redemption cost; `Infinity` when uncapped. */
  readonly budget: Float64Array;
  readonly minVolume: Int32Array;
  readonly validFrom: Int32Array;
  readonly validTo: Int32Array;
  readonly priority: Float64Array;
  /** Group index, `-1` when none. */
  readonly group: Int32Array;
  /** Index into {@link CHANNELS}. */
  readonly channel: Uint8Array;
  readonly eligibleRegions: Csr;
  readonly eligibleStores: Csr;
  readonly eligibleSegments: Csr;
  /** `-Infinity` / `Infinity` when absent. */
  readonly minSpend: Float64Array;
  readonly maxSpend: Float64Array;
  /** `-1` when absent. */
  readonly minLapsedDays: Int32Array;
  /** Index into {@link TARGET_HISTORIES}. */
  readonly targetHistory: Uint8Array;
  readonly records: readonly Offer[];
}

const uniqueSorted = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);

/**
 * Builds an {@link OfferTable} from validated offers whose targets exist in the catalog (the reader
 * rejects the others first). O(offers x targets + products for brand targets).
 */
export function buildOfferTable(offers: readonly Offer[], catalog: Catalog, customers: CustomerTable): OfferTable {
  const n = offers.length;
  const ids = new IdIndex();
  const groups = new IdIndex();
  const brandProducts: number[][] = Array.from({ length: catalog.brands.size }, () => []);
  for (let p = 0; p < catalog.productBrand.length; p++) {
    const b = catalog.productBrand[p]!;
    if (b >= 0) brandProducts[b]!.push(p);
  }
  const cats: number[][] = [];
  const prods: number[][] = [];
  const brands: number[][] = [];
  const regions: number[][] = [];
  const stores: number[][] = [];
  const segments: number[][] = [];
  const out = {
    kind: new Uint8Array(n),
    department: new Int32Array(n),
    sensitive: new Int32Array(n),
    reward: new Float64Array(n),
    cost: new Float64Array(n),
    margin: new Float64Array(n),
    capacity: new Float64Array(n),
    budget: new Float64Array(n),
    minVolume: new Int32Array(n),
    validFrom: new Int32Array(n),
    validTo: new Int32Array(n),
    priority: new Float64Array(n),
    group: new Int32Array(n),
    channel: new Uint8Array(n),
    minSpend: new Float64Array(n),
    maxSpend: new Float64Array(n),
    minLapsedDays: new Int32Array(n),
    targetHistory: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const o = offers[i]!;
    ids.intern(o.id);
    const p = o.targetProducts.map((id) => catalog.products.get(id)).filter((k) => k >= 0);
    const b = o.targetBrands.map((id) => catalog.brands.get(id)).filter((k) => k >= 0);
    const c = o.targetCategories.map((id) => catalog.categories.get(id)).filter((k) => k >= 0);
    for (const k of p) c.push(catalog.productCategory[k]!);
    for (const k of b) for (const q of brandProducts[k]!) c.push(catalog.productCategory[q]!);
    const catList = uniqueSorted(c);
    cats.push(catList);
    prods.push(uniqueSorted(p));
    brands.push(uniqueSorted(b));
    regions.push(uniqueSorted(o.eligibleRegions.map((r) => customers.regions.intern(r))));
    stores.push(uniqueSorted(o.eligibleStores.map((s) => customers.stores.intern(s))));
    segments.push(uniqueSorted(o.eligibleSegments.map((s) => customers.segments.intern(s))));
    const firstTarget = o.targetCategories.length > 0 ? catalog.categories.get(o.targetCategories[0]!) : (catList[0] ?? -1);
    out.department[i] = firstTarget >= 0 ? catalog.categoryDepartment[firstTarget]! : -1;
    let sensitive = -1;
    for (const k of catList) {
      if (catalog.categorySensitive[k]! >= 0) {
        sensitive = catalog.categorySensitive[k]!;
        break;
      }
    }
    out.sensitive[i] = sensitive;
    out.kind[i] = OFFER_KINDS.indexOf(o.kind);
    out.reward[i] = o.reward;
    out.cost[i] = o.cost;
    out.margin[i] = o.margin;
    out.capacity[i] = o.capacity ?? Number.POSITIVE_INFINITY;
    out.budget[i] = o.budget ?? Number.POSITIVE_INFINITY;
    out.minVolume[i] = o.minVolume ?? 0;
    out.validFrom[i] = o.validFrom;
    out.validTo[i] = o.validTo;
    out.priority[i] = o.priority;
    out.group[i] = o.group === undefined ? -1 : groups.intern(o.group);
    out.channel[i] = CHANNELS.indexOf(o.channel);
    out.minSpend[i] = o.minSpend ?? Number.NEGATIVE_INFINITY;
    out.maxSpend[i] = o.maxSpend ?? Number.POSITIVE_INFINITY;
    out.minLapsedDays[i] = o.minLapsedDays ?? -1;
    out.targetHistory[i] = TARGET_HISTORIES.indexOf(o.targetHistory);
  }
  return {
    ids,
    groups,
    ...out,
    categories: csrFromLists(cats),
    products: csrFromLists(prods),
    brands: csrFromLists(brands),
    eligibleRegions: csrFromLists(regions),
    eligibleStores: csrFromLists(stores),
    eligibleSegments: csrFromLists(segments),
    records: offers,
  };
}
