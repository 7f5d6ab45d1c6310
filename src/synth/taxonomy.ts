/**
 * The built-in grocery taxonomy of the synthetic retailer: 20 departments and 300 categories, each
 * category with a repeat-purchase cycle (days between purchases for a regular buyer) and a median
 * shelf price in pounds. Departments are ordered so that small data sets (few departments) still hold
 * the sensitive `Baby` and `Health` departments.
 *
 * Category entries are `'Name|cycleDays|medianPrice'` with optional flags after a fourth `|`:
 * `h` tags the category `sensitive: 'health'`, `p` marks it pregnancy-related (the `expecting`
 * life-event segment starts buying it). Every category of `Baby` is tagged `baby` and pregnancy-related.
 */

/** One department of the built-in taxonomy. */
export interface DepartmentSpec {
  readonly name: string;
  /** Baseline log-odds shift of the department's categories (staples high, niche low). */
  readonly base: number;
  /** Sensitive tag of every category in the department, if any. */
  readonly sensitive?: string;
  readonly categories: readonly string[];
}

/** A parsed category of the built-in taxonomy. */
export interface CategorySpec {
  readonly name: string;
  readonly department: number;
  readonly cycleDays: number;
  readonly medianPrice: number;
  readonly sensitive: string | undefined;
  readonly pregnancy: boolean;
}

/** The 20 departments, sensitive ones early. */
export const DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    name: 'Fruit & Veg',
    base: 0.9,
    categories: [
      'Bananas|6|0.9', 'Apples|8|2.0', 'Citrus|12|2.2', 'Berries|7|2.5', 'Grapes|9|2.3', 'Potatoes|10|1.6',
      'Onions|14|1.0', 'Carrots|10|0.7', 'Salad Leaves|6|1.2', 'Tomatoes|7|1.4', 'Peppers|9|1.6', 'Broccoli|8|0.9',
      'Mushrooms|9|1.3', 'Avocados|10|1.8', 'Fresh Herbs|21|0.9', 'Stone Fruit|14|2.4', 'Melons|14|2.0',
    ],
  },
  {
    name: 'Dairy & Eggs',
    base: 0.9,
    categories: [
      'Milk|6|1.45', 'Butter|21|2.2', 'Cheese|12|2.8', 'Yogurt|8|1.6', 'Eggs|10|2.1', 'Cream|14|1.3',
      'Plant Milk|9|1.7', 'Spreads|21|1.9', 'Dairy Desserts|14|2.0', 'Fresh Custard|21|1.5', 'Cottage Cheese|14|1.4',
      'Kefir|14|2.3', 'Milkshakes|12|1.5', 'Goats Cheese|30|2.9', 'Specialty Cheese|21|3.8', 'Halloumi|30|2.8',
    ],
  },
  {
    name: 'Bakery',
    base: 0.7,
    categories: [
      'Sliced Bread|5|1.3', 'Rolls|8|1.2', 'Wraps|14|1.6', 'Croissants|14|1.9', 'Cakes|21|2.8', 'Muffins|14|2.2',
      'Bagels|14|1.6', 'Crumpets|14|1.0', 'Gluten Free Bread|14|3.0', 'Sourdough|10|2.6', 'Pitta|21|1.1', 'Naan|21|1.4',
      'Doughnuts|21|1.8', 'Scones|30|1.7', 'Teacakes|21|1.4', 'Brioche|14|2.2',
    ],
  },
  {
    name: 'Baby',
    base: -3.2,
    sensitive: 'baby',
    categories: [
      'Nappies|10|8.0|p', 'Baby Wipes|10|2.5|p', 'Baby Milk|7|12.0|p', 'Baby Food Jars|6|1.2|p', 'Baby Food Pouches|6|1.0|p',
      'Baby Snacks|10|1.5|p', 'Baby Toiletries|30|3.0|p', 'Baby Bottles|90|8.0|p', 'Maternity Care|45|6.0|p',
      'Baby Health|60|4.5|p', 'Nappy Bags|45|1.8|p', 'Teething|60|4.0|p',
    ],
  },
  {
    name: 'Health',
    base: -1.2,
    categories: [
      'Pain Relief|45|2.0', 'Cold & Flu|60|4.0', 'Vitamins|30|5.0', 'Allergy|60|4.5', 'First Aid|90|3.5',
      'Digestive Health|60|4.0', 'Eye Care|60|5.0', 'Pregnancy Tests|90|8.0|hp', 'Prenatal Vitamins|30|7.0|hp',
      'Incontinence|21|7.5|h', 'Sexual Health|45|8.0|h', 'Diabetes Care|30|10.0|h', 'Smoking Cessation|21|15.0|h',
      'Weight Management|30|9.0|h', 'Hearing Care|90|6.0|h', 'Foot Care|90|4.0',
    ],
  },
  {
    name: 'Meat & Poultry',
    base: 0.2,
    categories: [
      'Chicken Breast|8|4.5', 'Whole Chicken|21|5.0', 'Beef Mince|10|4.2', 'Steak|30|7.5', 'Pork Chops|21|4.0',
      'Sausages|12|2.8', 'Bacon|10|3.0', 'Lamb|45|8.0', 'Sliced Ham|9|2.5', 'Cooked Chicken|10|3.2', 'Burgers|21|3.5',
      'Turkey|45|5.5', 'Gammon|45|5.0', 'Deli Meats|14|2.9', 'Duck|60|7.0', 'Meatballs|21|3.0',
    ],
  },
  {
    name: 'Household',
    base: 0.1,
    categories: [
      'Toilet Roll|14|5.0', 'Washing Up Liquid|28|1.5', 'Kitchen Roll|14|2.8', 'Laundry Detergent|30|6.5',
      'Dishwasher Tablets|30|6.0', 'Bin Bags|45|2.5', 'Fabric Conditioner|35|3.5', 'Surface Cleaners|35|2.0', 'Bleach|42|1.2',
      'Toilet Cleaner|42|1.8', 'Foil & Cling Film|60|2.2', 'Air Fresheners|45|2.5', 'Batteries|90|5.0', 'Light Bulbs|120|4.0',
      'Sponges & Cloths|45|1.8', 'Food Bags|60|1.9', 'Dishwasher Salt|90|1.5', 'Descaler|120|3.0',
    ],
  },
  {
    name: 'Food Cupboard',
    base: 0.3,
    categories: [
      'Pasta|21|1.2', 'Rice|30|1.8', 'Pasta Sauce|14|1.9', 'Tinned Tomatoes|21|0.7', 'Baked Beans|14|0.9', 'Soup|14|1.3',
      'Noodles|21|1.1', 'Flour|60|1.2', 'Sugar|45|1.1', 'Cooking Oils|60|3.2', 'Herbs & Spices|60|1.4', 'Stock Cubes|45|1.2',
      'Condiments|30|1.8', 'Pickles|45|1.6', 'Tinned Vegetables|30|0.8', 'Pulses|30|0.9', 'Honey|45|3.2', 'Jam|30|1.8',
    ],
  },
  {
    name: 'Snacks & Confectionery',
    base: 0.4,
    categories: [
      'Crisps|7|1.6', 'Chocolate Bars|7|1.1', 'Sharing Chocolate|14|2.5', 'Sweets|14|1.5', 'Biscuits|9|1.3', 'Nuts|21|2.4',
      'Popcorn|21|1.8', 'Crackers|21|1.6', 'Rice Cakes|21|1.2', 'Dried Fruit|30|2.0', 'Chewing Gum|14|1.0',
      'Premium Chocolate|21|3.5', 'Seasonal Chocolate|60|4.5', 'Pretzels|21|1.5', 'Flapjacks|21|1.8',
    ],
  },
  {
    name: 'Drinks',
    base: 0.3,
    categories: [
      'Bottled Water|7|1.0', 'Soft Drinks|7|1.8', 'Fruit Juice|7|1.9', 'Squash|14|1.5', 'Energy Drinks|7|1.5', 'Coffee|21|4.5',
      'Coffee Pods|21|4.0', 'Tea|30|2.8', 'Herbal Tea|45|2.0', 'Hot Chocolate|45|2.5', 'Smoothies|10|2.6',
      'Sports Drinks|14|1.4', 'Kombucha|14|2.5', 'Tonic & Mixers|21|2.0', 'Iced Coffee|14|1.8',
    ],
  },
  {
    name: 'Frozen',
    base: 0.0,
    categories: [
      'Frozen Vegetables|21|1.5', 'Frozen Chips|21|2.2', 'Ice Cream|21|3.5', 'Frozen Pizza|21|3.0', 'Frozen Ready Meals|14|3.2',
      'Frozen Fruit|30|2.5', 'Frozen Desserts|30|2.8', 'Frozen Poultry|30|4.0', 'Frozen Yorkshire Puddings|45|1.5',
      'Ice Lollies|30|2.4', 'Frozen Pastry|45|1.8', 'Frozen Meat-Free|30|3.0', 'Frozen Fish|30|3.5', 'Frozen Snacks|30|2.8',
      'Frozen Bread|45|1.8',
    ],
  },
  {
    name: 'Fish',
    base: -0.4,
    categories: [
      'Salmon|14|5.0', 'White Fish|21|4.5', 'Prawns|21|4.0', 'Smoked Fish|30|3.8', 'Tinned Tuna|21|1.5', 'Fish Fingers|21|2.5',
      'Sushi|30|4.5', 'Mackerel|30|2.8', 'Seafood Sticks|30|1.8', 'Fish Cakes|30|2.6', 'Cod|21|5.5', 'Crab|60|4.5',
      'Anchovies|60|2.0',
    ],
  },
  {
    name: 'Toiletries & Beauty',
    base: -0.2,
    categories: [
      'Shampoo|35|3.5', 'Conditioner|40|3.5', 'Shower Gel|28|2.5', 'Soap|30|1.5', 'Deodorant|28|3.0', 'Toothpaste|30|2.5',
      'Toothbrushes|60|3.0', 'Mouthwash|45|3.5', 'Razors|45|8.0', 'Shaving Foam|60|2.8', 'Skincare|45|8.0', 'Makeup|60|7.0',
      'Hair Styling|60|4.0', 'Hair Colour|60|7.5', 'Sun Care|90|7.0', 'Cotton Wool|45|1.2', 'Feminine Care|28|2.5',
      'Nail Care|90|4.0',
    ],
  },
  {
    name: 'Beer, Wine & Spirits',
    base: -0.6,
    categories: [
      'Lager|10|6.0', 'Ale|14|5.5', 'Cider|14|5.0', 'Red Wine|10|7.5', 'White Wine|10|7.0', 'Rose Wine|21|6.5',
      'Sparkling Wine|45|9.0', 'Gin|45|18.0', 'Whisky|60|22.0', 'Vodka|45|16.0', 'Rum|60|18.0', 'Low & No Alcohol|21|4.5',
    ],
  },
  {
    name: 'Ready Meals & Deli',
    base: 0.0,
    categories: [
      'Chilled Ready Meals|7|3.5', 'Fresh Pizza|14|3.2', 'Fresh Soup|14|2.2', 'Dips|14|1.6', 'Olives & Antipasti|21|2.2',
      'Quiche|21|2.8', 'Pies|21|2.6', 'Sandwiches|5|2.8', 'Salads To Go|7|2.5', 'Meal Deals|5|3.5', 'Fresh Pasta|14|2.3',
      'Pate|30|1.8', 'Coleslaw|14|1.0', 'Scotch Eggs|21|1.8', 'Sausage Rolls|14|1.9',
    ],
  },
  {
    name: 'Breakfast',
    base: 0.2,
    categories: [
      'Cereal|12|2.6', 'Porridge|21|2.2', 'Granola|21|3.0', 'Cereal Bars|14|2.1', 'Peanut Butter|30|2.4',
      'Chocolate Spread|30|2.3', 'Breakfast Biscuits|21|2.0', 'Muesli|30|2.8', 'Pancakes|21|1.5', 'Waffles|30|1.8',
      'Breakfast Drinks|14|2.0', 'Maple Syrup|60|4.0',
    ],
  },
  {
    name: 'World Foods',
    base: -0.8,
    categories: [
      'Indian Cooking|21|1.8', 'Chinese Cooking|21|1.7', 'Mexican Cooking|21|2.0', 'Italian Specialties|30|2.5',
      'Thai Cooking|30|1.9', 'Japanese Cooking|30|2.3', 'Caribbean|30|1.8', 'Polish|21|1.9', 'Middle Eastern|30|2.1',
      'Kosher|30|2.6', 'Halal|14|3.5', 'African|30|2.2', 'Korean|30|2.4', 'Spanish|30|2.5',
    ],
  },
  {
    name: 'Free From & Organic',
    base: -1.0,
    categories: [
      'Gluten Free Pasta|30|1.8', 'Dairy Free Cheese|21|2.6', 'Organic Vegetables|10|2.0', 'Organic Dairy|9|1.9',
      'Meat-Free Mince|14|3.0', 'Tofu|14|2.0', 'Vegan Ready Meals|14|3.5', 'Protein Bars|14|2.2', 'Keto Snacks|21|2.4',
      'Free From Biscuits|21|1.9', 'Organic Fruit|10|2.4', 'Organic Meat|21|6.0', 'Sugar Free Sweets|30|1.6',
      'Plant Yogurt|10|1.9',
    ],
  },
  {
    name: 'Pets',
    base: -1.6,
    categories: [
      'Dog Food|7|6.0', 'Cat Food|7|5.0', 'Dog Treats|14|2.5', 'Cat Treats|14|1.8', 'Cat Litter|21|4.5', 'Small Animal|30|3.5',
      'Bird Food|30|3.0', 'Pet Accessories|90|5.0', 'Fish Food|60|2.5', 'Pet Health|90|7.0', 'Puppy Food|10|7.0',
      'Kitten Food|10|5.5',
    ],
  },
  {
    name: 'Home & Seasonal',
    base: -1.0,
    categories: [
      'Kitchenware|120|8.0', 'Storage|120|6.0', 'Candles|60|5.0', 'Greeting Cards|30|2.5', 'Gift Wrap|90|2.5',
      'Party Supplies|90|3.0', 'Flowers|14|5.0', 'Plants|60|7.0', 'Stationery|60|3.0', 'Barbecue|120|6.0', 'Toys|90|10.0',
      'Newspapers & Magazines|7|2.5', 'Garden|120|6.0', 'Bedding|180|15.0', 'Tableware|120|7.0', 'Picture Frames|180|6.0',
    ],
  },
];

/** Number of categories in the built-in taxonomy (300). */
export const TAXONOMY_CATEGORY_COUNT = DEPARTMENTS.reduce((n, d) => n + d.categories.length, 0);

function parseCategory(entry: string, department: number, spec: DepartmentSpec, suffix: string): CategorySpec {
  const [name, cycle, price, flags = ''] = entry.split('|');
  return {
    name: suffix === '' ? name! : `${name} ${suffix}`,
    department,
    cycleDays: Number(cycle),
    medianPrice: Number(price),
    sensitive: spec.sensitive ?? (flags.includes('h') ? 'health' : undefined),
    pregnancy: spec.sensitive === 'baby' || flags.includes('p'),
  };
}

/**
 * Picks `categories` categories from the first `departments` departments: the taxonomy as written
 * when the counts match it (20 and 300); otherwise each department gets a share proportional to its
 * size (at least one), taking its leading (staple) categories first, and counts beyond the taxonomy
 * repeat categories with a range suffix (`Milk II`). Names are unique.
 *
 * Cost: O(categories).
 * @example selectCategories(20, 300).length // 300
 */
export function selectCategories(departments: number, categories: number): CategorySpec[] {
  const depts = DEPARTMENTS.slice(0, departments);
  const available = depts.reduce((n, d) => n + d.categories.length, 0);
  // Largest-remainder apportionment of `categories` over departments by size, at least one each.
  const quota = depts.map((d) => 1 + ((categories - departments) * d.categories.length) / available);
  const counts = quota.map((q) => Math.floor(q));
  let left = categories - counts.reduce((a, b) => a + b, 0);
  const order = quota.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]!.i]!++;
  const out: CategorySpec[] = [];
  const roman = ['', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
  for (let d = 0; d < depts.length; d++) {
    const spec = depts[d]!;
    for (let k = 0; k < counts[d]!; k++) {
      const round = Math.floor(k / spec.categories.length);
      const suffix = round < roman.length ? roman[round]! : `R${round + 1}`;
      out.push(parseCategory(spec.categories[k % spec.categories.length]!, d, spec, suffix));
    }
  }
  return out;
}
