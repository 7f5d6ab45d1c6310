import type { Dataset } from '../../ingest/ingest.js';
import type { CampaignConfig } from '../../schema/campaignConfig.js';
import type { Offer } from '../../schema/offer.js';
import { catalogFacts, type CatalogFacts } from './catalogFacts.js';

/** One offer as the audit sees it, worked out from its record and the catalogue. */
export interface OfferFacts {
  readonly record: Offer;
  /** `kind === 'generic'`. */
  readonly genericKind: boolean;
  /** Listed in `config.genericOffers`. */
  readonly fixed: boolean;
  /** Target categories, categories of the target products and categories of the target brands' products. */
  readonly categories: ReadonlySet<string>;
  /** The first target category, else the resolved category that comes first in the products file. */
  readonly firstCategory: string | undefined;
  /** Department of {@link firstCategory}. */
  readonly department: string | undefined;
  /** At most one offer a key on a mailer; `undefined` for generic-kind offers. */
  readonly diversityKey: string | undefined;
  /** Some resolved category carries a sensitive tag of the campaign. */
  readonly sensitive: boolean;
  /** Allowed regions, stores and segments; `undefined` when the list is empty (everyone). */
  readonly regions: ReadonlySet<string> | undefined;
  readonly stores: ReadonlySet<string> | undefined;
  readonly segments: ReadonlySet<string> | undefined;
}

const setOrAll = (list: readonly string[]): ReadonlySet<string> | undefined => (list.length === 0 ? undefined : new Set(list));

function resolvedCategories(o: Offer, cat: CatalogFacts): Set<string> {
  const out = new Set<string>(o.targetCategories);
  for (const id of o.targetProducts) {
    const p = cat.productById.get(id);
    if (p !== undefined) out.add(p.category);
  }
  for (const b of o.targetBrands) for (const k of cat.brandCategories.get(b) ?? []) out.add(k);
  return out;
}

function firstOf(categories: ReadonlySet<string>, cat: CatalogFacts): string | undefined {
  let best: string | undefined;
  for (const k of categories) if (best === undefined || cat.categoryOrder.get(k)! < cat.categoryOrder.get(best)!) best = k;
  return best;
}

/**
 * The diversity key of a targeted offer: `category` keys on the first category; `subcategory` on
 * the first target product's subcategory; `brand` on the first target brand, else the first target
 * product's brand. Without a subcategory or brand the key is the category, written `category:...`
 * so it never equals a subcategory or brand key.
 */
function diversityKeyOf(o: Offer, first: string | undefined, by: CampaignConfig['diversityKey'], cat: CatalogFacts): string | undefined {
  if (first === undefined) return undefined;
  const product = o.targetProducts.length > 0 ? cat.productById.get(o.targetProducts[0]!) : undefined;
  if (by === 'subcategory' && product?.subcategory !== undefined) return `subcategory:${product.category}/${product.subcategory}`;
  if (by === 'brand') {
    const brand = o.targetBrands[0] ?? product?.brand;
    if (brand !== undefined) return `brand:${brand}`;
  }
  return `category:${first}`;
}

function isSensitive(categories: ReadonlySet<string>, tags: ReadonlySet<string> | undefined, cat: CatalogFacts): boolean {
  for (const k of categories) {
    for (const t of cat.categoryTags.get(k) ?? []) if (tags === undefined || tags.has(t)) return true;
  }
  return false;
}

/**
 * The {@link OfferFacts} of every offer of the data set, by offer id, from the validated offer
 * records and product records alone.
 * @example offerFactsOf(data, config).get('O1')?.sensitive;
 * Cost: O(offers x targets + products).
 */
export function offerFactsOf(data: Pick<Dataset, 'catalog' | 'offers'>, config: Pick<CampaignConfig, 'genericOffers' | 'diversityKey' | 'privacy'>): Map<string, OfferFacts> {
  const cat = catalogFacts(data.catalog);
  const fixed = new Set(config.genericOffers);
  const tags = config.privacy.sensitiveTags.length === 0 ? undefined : new Set(config.privacy.sensitiveTags);
  const out = new Map<string, OfferFacts>();
  for (const o of data.offers.records) {
    const categories = resolvedCategories(o, cat);
    const firstCategory = o.targetCategories[0] ?? firstOf(categories, cat);
    const genericKind = o.kind === 'generic';
    out.set(o.id, {
      record: o,
      genericKind,
      fixed: fixed.has(o.id),
      categories,
      firstCategory,
      department: firstCategory === undefined ? undefined : cat.categoryDepartment.get(firstCategory),
      diversityKey: genericKind ? undefined : diversityKeyOf(o, firstCategory, config.diversityKey, cat),
      sensitive: isSensitive(categories, tags, cat),
      regions: setOrAll(o.eligibleRegions),
      stores: setOrAll(o.eligibleStores),
      segments: setOrAll(o.eligibleSegments),
    });
  }
  return out;
}
