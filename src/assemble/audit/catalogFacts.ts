import type { Catalog } from '../../ingest/catalog.js';
import type { Product } from '../../schema/product.js';

/** What the audit reads from the product catalogue, keyed by the names of the input files. */
export interface CatalogFacts {
  readonly productById: ReadonlyMap<string, Product>;
  /** Category -> department of its first product in the products file. */
  readonly categoryDepartment: ReadonlyMap<string, string>;
  /** Category -> position of its first product in the products file (what "first category" means). */
  readonly categoryOrder: ReadonlyMap<string, number>;
  /** Category -> every `sensitive` tag its products carry. */
  readonly categoryTags: ReadonlyMap<string, ReadonlySet<string>>;
  /** Brand -> categories of its products. */
  readonly brandCategories: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Plain maps over the validated product records: product by id, each category's department, order
 * and sensitive tags, each brand's categories.
 * @example catalogFacts(data.catalog).categoryDepartment.get('nappies'); // 'baby'
 * Cost: O(products).
 */
export function catalogFacts(catalog: Pick<Catalog, 'records'>): CatalogFacts {
  const productById = new Map<string, Product>();
  const categoryDepartment = new Map<string, string>();
  const categoryOrder = new Map<string, number>();
  const categoryTags = new Map<string, Set<string>>();
  const brandCategories = new Map<string, Set<string>>();
  for (const p of catalog.records) {
    productById.set(p.id, p);
    if (!categoryDepartment.has(p.category)) {
      categoryDepartment.set(p.category, p.department);
      categoryOrder.set(p.category, categoryOrder.size);
      categoryTags.set(p.category, new Set());
    }
    if (p.sensitive !== undefined) categoryTags.get(p.category)!.add(p.sensitive);
    if (p.brand !== undefined) {
      if (!brandCategories.has(p.brand)) brandCategories.set(p.brand, new Set());
      brandCategories.get(p.brand)!.add(p.category);
    }
  }
  return { productById, categoryDepartment, categoryOrder, categoryTags, brandCategories };
}
