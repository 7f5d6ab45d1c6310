import type { Product } from '../schema/product.js';
import { IdIndex } from './idIndex.js';

/**
 * The product catalogue in columnar form: products, categories, subcategories, departments and
 * brands interned to dense indices, with typed-array columns mapping each product to its tree.
 */
export interface Catalog {
  readonly products: IdIndex;
  readonly categories: IdIndex;
  readonly subcategories: IdIndex;
  readonly departments: IdIndex;
  readonly brands: IdIndex;
  /** Product -> category index. */
  readonly productCategory: Int32Array;
  /** Product -> subcategory index (`-1` when none). */
  readonly productSubcategory: Int32Array;
  /** Product -> department index. */
  readonly productDepartment: Int32Array;
  /** Product -> brand index (`-1` when none). */
  readonly productBrand: Int32Array;
  readonly productPrice: Float64Array;
  /** Category -> department index (the department of its first product). */
  readonly categoryDepartment: Int32Array;
  /** Category -> sensitive tag index into `sensitiveTags`, `-1` when not sensitive. */
  readonly categorySensitive: Int32Array;
  /** Distinct sensitive tags, in first-seen order. */
  readonly sensitiveTags: IdIndex;
  /** The validated product records, by product index (names for explanations and outputs). */
  readonly records: readonly Product[];
}

/**
 * Builds a {@link Catalog} from validated, id-unique products. A category is sensitive when any of
 * its products carries a `sensitive` tag, because an offer on a category reveals interest in all of it.
 * O(n).
 */
export function buildCatalog(products: readonly Product[]): Catalog {
  const n = products.length;
  const productIdx = new IdIndex();
  const categories = new IdIndex();
  const subcategories = new IdIndex();
  const departments = new IdIndex();
  const brands = new IdIndex();
  const sensitiveTags = new IdIndex();
  const productCategory = new Int32Array(n);
  const productSubcategory = new Int32Array(n);
  const productDepartment = new Int32Array(n);
  const productBrand = new Int32Array(n);
  const productPrice = new Float64Array(n);
  const catDept: number[] = [];
  const catSensitive: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = products[i]!;
    productIdx.intern(p.id);
    const d = departments.intern(p.department);
    const c = categories.intern(p.category);
    if (c === catDept.length) {
      catDept.push(d);
      catSensitive.push(-1);
    }
    if (p.sensitive !== undefined && catSensitive[c] === -1) catSensitive[c] = sensitiveTags.intern(p.sensitive);
    productCategory[i] = c;
    productDepartment[i] = d;
    productSubcategory[i] = p.subcategory === undefined ? -1 : subcategories.intern(`${p.category}/${p.subcategory}`);
    productBrand[i] = p.brand === undefined ? -1 : brands.intern(p.brand);
    productPrice[i] = p.price;
  }
  return {
    products: productIdx,
    categories,
    subcategories,
    departments,
    brands,
    productCategory,
    productSubcategory,
    productDepartment,
    productBrand,
    productPrice,
    categoryDepartment: Int32Array.from(catDept),
    categorySensitive: Int32Array.from(catSensitive),
    sensitiveTags,
    records: products,
  };
}
