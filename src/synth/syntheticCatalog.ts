import type { ProductInput } from '../schema/product.js';
import { mixSeed, type Random } from '../lib/random.js';
import { DEPARTMENTS, selectCategories, type CategorySpec, type DepartmentSpec } from './taxonomy.js';

/** Latent taste dimensions of the factor model. Factor 0 is "family", 1 "premium", 2 "health/free-from". */
export const FACTORS = 8;
/**
 * Logit scale of affinities. A steep scale makes repertoires: a household either buys a category
 * regularly (near its cycle) or rarely, as in real loyalty data where a household does part of its
 * shopping elsewhere; a flat scale would make every category an occasional purchase and hide cycles.
 */
export const AFFINITY_SCALE = 2.4;

/** Subcategories a category may have, with their price multipliers. */
const SUBCATEGORIES: readonly (readonly [string, number])[] = [
  ['Everyday', 1],
  ['Value', 0.65],
  ['Premium', 1.6],
  ['Organic', 1.4],
  ['Family Size', 1.8],
  ['Multipack', 2.2],
  ['Reduced Fat', 1.05],
  ['Free From', 1.3],
];

/** Own-label brands shared by every department (value and premium tiers). */
const VALUE_BRAND = 'Essentials';
const PREMIUM_BRAND = 'Finest';

const PREMIUM_CATEGORIES = new Set([
  'Specialty Cheese', 'Goats Cheese', 'Halloumi', 'Steak', 'Premium Chocolate', 'Sparkling Wine', 'Sushi', 'Sourdough',
  'Kombucha', 'Smoothies', 'Salmon', 'Avocados', 'Berries', 'Organic Vegetables', 'Organic Fruit', 'Organic Meat',
  'Organic Dairy', 'Olives & Antipasti', 'Coffee Pods', 'Gin', 'Skincare', 'Flowers', 'Prawns', 'Duck', 'Lamb',
]);
const KIDS_CATEGORIES = new Set([
  'Fish Fingers', 'Ice Lollies', 'Squash', 'Toys', 'Cereal', 'Yogurt', 'Crisps', 'Chocolate Spread', 'Milkshakes',
  'Pancakes', 'Frozen Chips', 'Baked Beans', 'Sweets', 'Party Supplies', 'Frozen Pizza', 'Cereal Bars',
]);

const SYLLABLES = ['Ba', 'Bel', 'Cor', 'Da', 'El', 'Fen', 'Gra', 'Hal', 'Is', 'Jor', 'Kel', 'Lu', 'Mar', 'No', 'Or', 'Pen', 'Quin', 'Ros', 'Sel', 'Tor', 'Ul', 'Ver', 'Wil', 'Yar', 'Zen'];
const ENDINGS = ['a', 'o', 'is', 'en', 'ia', 'on', 'ix', 'ley', 'ford', 'wood', 'ton', 'ella', 'ly', 'ar'];
const SIZES = ['Small', 'Regular', 'Large'];

/**
 * The generated catalogue with the latent structure behind it. Products are stored grouped by
 * category: category `c` owns products `productStart[c] .. productStart[c + 1]`.
 */
export interface SyntheticCatalog {
  readonly categories: readonly CategorySpec[];
  readonly categoryIds: readonly string[];
  readonly departmentNames: readonly string[];
  /** Category baseline log-odds (before the calibration shift). */
  readonly categoryBase: Float64Array;
  /** Category taste vectors, row-major `categories x FACTORS`. */
  readonly categoryVector: Float64Array;
  readonly categoryCycle: Float64Array;
  readonly categoryMedianPrice: Float64Array;
  /** 1 when the `expecting` segment starts buying the category after its event. */
  readonly categoryPregnancy: Uint8Array;
  readonly productStart: Int32Array;
  /** Product popularity, cumulative over all products (a category is the slice productStart[c]..productStart[c + 1]). */
  readonly productCumulative: Float64Array;
  readonly productPrice: Float64Array;
  readonly productCategory: Int32Array;
  readonly productBrand: Int32Array;
  readonly productIds: readonly string[];
  readonly brandNames: readonly string[];
  readonly products: ProductInput[];
}

function brandName(rng: Random, used: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const parts = 1 + rng.int(2);
    let name = '';
    for (let k = 0; k < parts; k++) name += rng.choice(SYLLABLES).toLowerCase();
    name = name.charAt(0).toUpperCase() + name.slice(1) + rng.choice(ENDINGS);
    if (attempt > 20) name += ` ${attempt}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** Department taste vectors (row-major `departments x FACTORS`), with semantic loadings on the named factors. */
function departmentVectors(deptSpecs: readonly DepartmentSpec[], rng: Random): Float64Array {
  const departments = deptSpecs.length;
  const deptVec = new Float64Array(departments * FACTORS);
  for (let d = 0; d < departments; d++) {
    for (let f = 0; f < FACTORS; f++) deptVec[d * FACTORS + f] = rng.normal(0, 0.55);
    const name = deptSpecs[d]!.name;
    if (name === 'Baby') deptVec[d * FACTORS] += 1.6;
    if (name === 'Free From & Organic') deptVec[d * FACTORS + 2] += 1.4;
    if (name === 'Health') deptVec[d * FACTORS + 2] += 0.6;
    if (name === 'Pets') deptVec[d * FACTORS + 3] += 1.8;
    if (name === 'Beer, Wine & Spirits') deptVec[d * FACTORS + 4] += 1.2;
    if (name === 'World Foods') deptVec[d * FACTORS + 5] += 1.2;
  }
  return deptVec;
}

/** The category side of the factor model, plus each category's share of the products. */
interface CategoryFactors {
  readonly categoryVector: Float64Array;
  readonly categoryBase: Float64Array;
  readonly categoryCycle: Float64Array;
  readonly categoryMedianPrice: Float64Array;
  readonly categoryPregnancy: Uint8Array;
  /** Relative number of products (before the one-per-category floor). */
  readonly weight: Float64Array;
}

function categoryFactors(categories: readonly CategorySpec[], deptSpecs: readonly DepartmentSpec[], deptVec: Float64Array, rng: Random): CategoryFactors {
  const C = categories.length;
  const categoryVector = new Float64Array(C * FACTORS);
  const categoryBase = new Float64Array(C);
  const categoryCycle = new Float64Array(C);
  const categoryMedianPrice = new Float64Array(C);
  const categoryPregnancy = new Uint8Array(C);
  const weight = new Float64Array(C);
  const seenInDept = new Int32Array(deptSpecs.length);
  for (let c = 0; c < C; c++) {
    const spec = categories[c]!;
    const d = spec.department;
    // Each department lists its staples first: the first three are bought widely, the tail is niche.
    const position = seenInDept[d]++;
    const staple = position < 3 ? 1.8 : position < 6 ? 0.7 : -0.3;
    for (let f = 0; f < FACTORS; f++) categoryVector[c * FACTORS + f] = deptVec[d * FACTORS + f]! + rng.normal(0, 0.5);
    const base = spec.name.replace(/ [IVXR0-9]+$/, '');
    if (PREMIUM_CATEGORIES.has(base)) categoryVector[c * FACTORS + 1] += 0.9;
    if (KIDS_CATEGORIES.has(base)) categoryVector[c * FACTORS] += 0.8;
    // Scale so that taste . vector has a standard deviation near 1.3 logits before the affinity scale.
    for (let f = 0; f < FACTORS; f++) categoryVector[c * FACTORS + f] *= 0.65 * AFFINITY_SCALE;
    // Long-cycle categories cost few lines even when widely bought, so their baseline is raised with the
    // cycle; otherwise the line budget would squeeze them out and only fast-moving staples would remain.
    categoryBase[c] = AFFINITY_SCALE * (deptSpecs[d]!.base + staple + 0.8 * Math.log(spec.cycleDays / 10) + rng.normal(0, 0.4));
    categoryCycle[c] = spec.cycleDays;
    categoryMedianPrice[c] = spec.medianPrice;
    categoryPregnancy[c] = spec.pregnancy ? 1 : 0;
    weight[c] = Math.exp(rng.normal(0, 0.5)) * (spec.cycleDays <= 14 ? 1.6 : 1) * (deptSpecs[d]!.base > 0 ? 1.3 : 1);
  }
  return { categoryVector, categoryBase, categoryCycle, categoryMedianPrice, categoryPregnancy, weight };
}

/** Products per category: one each, the rest by largest remainder on the weights. */
function productsPerCategory(weight: Float64Array, productCount: number): Int32Array {
  const C = weight.length;
  const perCat = new Int32Array(C).fill(1);
  let totalW = 0;
  for (let c = 0; c < C; c++) totalW += weight[c]!;
  const extra = productCount - C;
  let assigned = 0;
  const remainders: { c: number; r: number }[] = [];
  for (let c = 0; c < C; c++) {
    const q = (extra * weight[c]!) / totalW;
    perCat[c] += Math.floor(q);
    assigned += Math.floor(q);
    remainders.push({ c, r: q - Math.floor(q) });
  }
  remainders.sort((a, b) => b.r - a.r || a.c - b.c);
  for (let k = 0; assigned < extra; k++, assigned++) perCat[remainders[k % C]!.c]++;
  return perCat;
}

/** Brand names (two own labels first) and, per department, its brand pool with cumulative Zipf popularity. */
interface BrandPools {
  readonly brandNames: string[];
  readonly deptBrands: number[][];
  readonly deptBrandCum: Float64Array[];
}

/** Brands: two own labels, then a pool per department with Zipf (s = 1.1) popularity. */
function brandPools(deptSpecs: readonly DepartmentSpec[], rng: Random): BrandPools {
  const departments = deptSpecs.length;
  const used = new Set<string>([VALUE_BRAND, PREMIUM_BRAND]);
  const brandNames: string[] = [VALUE_BRAND, PREMIUM_BRAND];
  const deptBrands: number[][] = [];
  const deptBrandCum: Float64Array[] = [];
  for (let d = 0; d < departments; d++) {
    const size = Math.max(4, Math.min(24, Math.round(deptSpecs[d]!.categories.length * 1.2)));
    const list: number[] = [];
    const cum = new Float64Array(size);
    let acc = 0;
    for (let r = 0; r < size; r++) {
      list.push(brandNames.length);
      brandNames.push(brandName(rng, used));
      acc += 1 / Math.pow(r + 1, 1.1);
      cum[r] = acc;
    }
    deptBrands.push(list);
    deptBrandCum.push(cum);
  }
  return { brandNames, deptBrands, deptBrandCum };
}

/** The products, grouped by category, and their typed-array facts. */
interface ProductColumns {
  readonly productCumulative: Float64Array;
  readonly productPrice: Float64Array;
  readonly productCategory: Int32Array;
  readonly productBrand: Int32Array;
  readonly productIds: string[];
  readonly products: ProductInput[];
}

/** Draws each category's subcategories, then its products: subcategory, brand, price, popularity and name. */
function drawProducts(categories: readonly CategorySpec[], productStart: Int32Array, departmentNames: readonly string[], brands: BrandPools, rng: Random): ProductColumns {
  const { brandNames, deptBrands, deptBrandCum } = brands;
  const C = categories.length;
  const P = productStart[C]!;
  const productCumulative = new Float64Array(P);
  const productPrice = new Float64Array(P);
  const productCategory = new Int32Array(P);
  const productBrand = new Int32Array(P);
  const productIds: string[] = [];
  const products: ProductInput[] = [];
  const width = Math.max(5, String(P).length);
  // One running total over all products: a category's slice [start, end) is drawn with pickCumulative(cum, start, end),
  // which subtracts the total before `start`, so the total must not restart per category.
  let acc = 0;
  for (let c = 0; c < C; c++) {
    const spec = categories[c]!;
    const subs = [SUBCATEGORIES[0]!, ...rng.shuffle(SUBCATEGORIES.slice(1)).slice(0, 1 + rng.int(3))];
    for (let p = productStart[c]!; p < productStart[c + 1]!; p++) {
      const sub = rng.bernoulli(0.45) ? subs[0]! : subs[1 + rng.int(subs.length - 1)]!;
      let brand: number;
      if (sub[0] === 'Value' && rng.bernoulli(0.6)) brand = 0;
      else if (sub[0] === 'Premium' && rng.bernoulli(0.5)) brand = 1;
      else if (rng.bernoulli(0.1)) brand = 0;
      else {
        const r = rng.pickCumulative(deptBrandCum[spec.department]!);
        brand = deptBrands[spec.department]![r]!;
      }
      const price = Math.max(0.2, Math.round(spec.medianPrice * sub[1] * rng.logNormal(0, 0.3) * 100) / 100);
      // Popularity: brand rank (own labels rank high) times a log-normal product effect.
      const brandRank = brand < 2 ? 1 : deptBrands[spec.department]!.indexOf(brand) + 1;
      acc += Math.exp(rng.normal(0, 0.8)) / Math.pow(brandRank, 0.8);
      productCumulative[p] = acc;
      productPrice[p] = price;
      productCategory[p] = c;
      productBrand[p] = brand;
      const id = `P${String(p + 1).padStart(width, '0')}`;
      productIds.push(id);
      const record: ProductInput = {
        id,
        name: `${brandNames[brand]} ${spec.name}${sub[0] === 'Everyday' ? '' : ` ${sub[0]}`} ${rng.choice(SIZES)}`,
        department: departmentNames[spec.department]!,
        category: spec.name,
        subcategory: sub[0],
        brand: brandNames[brand]!,
        price,
      };
      if (spec.sensitive !== undefined) record.sensitive = spec.sensitive;
      products.push(record);
    }
  }
  return { productCumulative, productPrice, productCategory, productBrand, productIds, products };
}

/**
 * Builds the category tree, brands (power-law popularity per department), products (log-normal
 * prices around each category's median) and the category side of the factor model.
 *
 * Cost: O(products + categories x FACTORS).
 */
export function buildSyntheticCatalog(seed: number, departments: number, categoryCount: number, productCount: number, rng: Random): SyntheticCatalog {
  rng.reseed(mixSeed(seed, 101));
  const categories = selectCategories(departments, categoryCount);
  const C = categories.length;
  const deptSpecs = DEPARTMENTS.slice(0, departments);
  // The draws happen in this order (departments, categories, brands, products): reordering them changes every product.
  const deptVec = departmentVectors(deptSpecs, rng);
  const factors = categoryFactors(categories, deptSpecs, deptVec, rng);
  const perCat = productsPerCategory(factors.weight, productCount);
  const brands = brandPools(deptSpecs, rng);
  const productStart = new Int32Array(C + 1);
  for (let c = 0; c < C; c++) productStart[c + 1] = productStart[c]! + perCat[c]!;
  const departmentNames = deptSpecs.map((d) => d.name);
  const drawn = drawProducts(categories, productStart, departmentNames, brands, rng);

  return {
    categories,
    categoryIds: categories.map((c) => c.name),
    departmentNames,
    categoryBase: factors.categoryBase,
    categoryVector: factors.categoryVector,
    categoryCycle: factors.categoryCycle,
    categoryMedianPrice: factors.categoryMedianPrice,
    categoryPregnancy: factors.categoryPregnancy,
    productStart,
    productCumulative: drawn.productCumulative,
    productPrice: drawn.productPrice,
    productCategory: drawn.productCategory,
    productBrand: drawn.productBrand,
    productIds: drawn.productIds,
    brandNames: brands.brandNames,
    products: drawn.products,
  };
}
