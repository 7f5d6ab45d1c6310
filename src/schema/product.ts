import { z } from 'zod';
import { idField, nonNegative, optionalText, textField } from './fields.js';
import type { RecordInput } from './recordInput.js';

/**
 * A product in the retailer's catalogue, placed in a department > category > subcategory tree.
 * `sensitive` is a tag (for example `baby`, `health`) that marks the product's category as one whose
 * offers must be masked; see the privacy settings of the campaign config.
 */
export const ProductSchema = z.object({
  id: idField,
  name: textField,
  department: textField,
  category: textField,
  subcategory: optionalText,
  brand: optionalText,
  price: nonNegative,
  sensitive: optionalText,
});

/** A validated product. */
export type Product = z.output<typeof ProductSchema>;
/** A product as given to the readers, before validation. */
export type ProductInput = RecordInput<Product>;
