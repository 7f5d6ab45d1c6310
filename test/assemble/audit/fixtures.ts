// A tiny hand-made retailer and a clean printed mailing on it, for the audit's planted-violation tests:
// every rule offer targets a category and department of its own, so planting one breaks one rule.
import { ingest, type Dataset } from '../../../src/ingest/index.js';
import type { PlacementName, PrintedEntry, PrintedMailer } from '../../../src/assemble/audit/index.js';
import { CampaignConfigSchema, type CampaignConfig, type CampaignConfigInput } from '../../../src/schema/campaignConfig.js';
import { toDay } from '../../../src/schema/days.js';

/** The campaign day of the fixture (config.date). */
export const DAY = toDay('2024-03-01');

/** Rule offers, each with its own category `cat-<rule>` in department `dept-<rule>`. */
const RULE_OFFERS: Record<string, Record<string, unknown>> = {
  north: { eligibleRegions: ['north'] },
  store: { eligibleStores: ['s1'] },
  seg: { eligibleSegments: ['vip'] },
  old: { validFrom: DAY - 60, validTo: DAY - 1 },
  email: { channel: 'email' },
  rich: { minSpend: 20 },
  poor: { maxSpend: 20 },
  new: { kind: 'acquisition', targetHistory: 'never' },
  loyal: { kind: 'retention', targetHistory: 'bought' },
  winback: { kind: 'win-back', minLapsedDays: 30 },
  optout: {},
};

const product = (id: string, department: string, category: string, extra: Record<string, unknown> = {}) => ({ id, name: id, department, category, price: 2, ...extra });
const PRODUCTS = [
  product('p-pasta-1', 'food', 'pasta', { subcategory: 'dried', brand: 'Acme' }),
  product('p-pasta-2', 'food', 'pasta', { subcategory: 'fresh', brand: 'Bella' }),
  product('p-bread-1', 'food', 'bread', { brand: 'Acme' }),
  product('p-cheese-1', 'food', 'cheese', { brand: 'Bella' }),
  product('p-milk-1', 'drinks', 'milk'),
  product('p-coffee-1', 'drinks', 'coffee'),
  product('p-soap-1', 'household', 'soap'),
  product('p-nappy-1', 'baby', 'nappies', { sensitive: 'baby' }),
  product('p-wipes-1', 'baby', 'wipes'),
  product('p-vit-1', 'health', 'vitamins', { sensitive: 'health' }),
  ...Object.keys(RULE_OFFERS).map((r) => product(`p-${r}`, `dept-${r}`, `cat-${r}`)),
];

const offer = (id: string, extra: Record<string, unknown>) => ({
  id,
  name: `Offer ${id}`,
  kind: 'cross-sell',
  reward: 1,
  cost: 1,
  margin: 1,
  validFrom: DAY - 30,
  validTo: DAY + 30,
  ...extra,
});
const OFFERS = [
  offer('O-PASTA', { targetCategories: ['pasta'], capacity: 1 }),
  offer('O-PASTA2', { targetProducts: ['p-pasta-2'] }),
  offer('O-BELLA', { targetBrands: ['Bella'] }),
  offer('O-BREAD', { targetCategories: ['bread'], budget: 0.5 }),
  offer('O-CHEESE', { targetCategories: ['cheese'] }),
  offer('O-MILK', { targetCategories: ['milk'] }),
  offer('O-COFFEE', { targetCategories: ['coffee'] }),
  offer('O-SOAP', { targetCategories: ['soap'] }),
  offer('O-NAPPY', { targetCategories: ['nappies'] }),
  offer('O-WIPES', { targetCategories: ['wipes'] }),
  offer('O-VIT', { targetCategories: ['vitamins'] }),
  ...Object.entries(RULE_OFFERS).map(([r, extra]) => offer(`O-${r.toUpperCase()}`, { targetCategories: [`cat-${r}`], ...extra })),
  offer('G1', { kind: 'generic' }),
  offer('G2', { kind: 'generic' }),
];

const customer = (id: string, extra: Record<string, unknown> = {}) => ({ id, region: 'north', store: 's1', segment: 'vip', ...extra });
const CUSTOMERS = [
  customer('C1', { consentSensitive: true }),
  customer('C2'),
  customer('C3', { region: 'south', store: 's2', segment: undefined, consentSensitive: true }),
  customer('C4', { profilingOptOut: true }),
  customer('C5', { consentMail: false }),
  customer('C6', { optedOutCategories: ['cat-optout', 'no-such-category'] }),
  customer('C7'),
  customer('C8'),
  customer('C9', { consentSensitive: true }),
];

let basket = 0;
const line = (c: string, p: string, date: number, spend: number) => ({ customer: c, product: p, date, basket: `b${basket++}`, spend });
const TRANSACTIONS = [
  line('C1', 'p-pasta-1', DAY - 20, 20),
  line('C1', 'p-bread-1', DAY - 10, 20),
  line('C1', 'p-new', DAY - 30, 5),
  line('C1', 'p-winback', DAY - 5, 5),
  line('C3', 'p-loyal', DAY - 40, 2),
  line('C3', 'p-winback', DAY - 60, 3),
  // On the campaign day itself: not history, so C3's spend stays 5 (O-POOR allows at most 20).
  line('C3', 'p-milk-1', DAY, 1000),
  line('C6', 'p-optout', DAY - 3, 1),
  line('C8', 'p-milk-1', DAY - 3, 25),
  line('C9', 'p-bread-1', DAY - 2, 3),
];

const contact = (c: string, date: number, extra: Record<string, unknown>) => ({ customer: c, date, ...extra });
const CONTACTS = [
  contact('C1', DAY - 10, { offer: 'O-MILK' }),
  contact('C1', DAY - 10, { offer: 'O-COFFEE', redeemed: true }),
  contact('C1', DAY - 100, { offer: 'O-PASTA', redeemed: true }),
  contact('C1', DAY - 20, { campaign: 'spring' }),
  // C7: exactly 4 mailings in the 90-day window (2 campaigns, 2 campaign-less days).
  contact('C7', DAY - 10, { campaign: 'a' }),
  contact('C7', DAY - 20, { campaign: 'b' }),
  contact('C7', DAY - 30, { offer: 'O-OLD-1' }),
  contact('C7', DAY - 40, { offer: 'O-OLD-2' }),
  // C8: 3 mailings (a campaign twice, one campaign-less day twice, one on the window's first day), the rest outside.
  contact('C8', DAY - 10, { campaign: 'a', offer: 'O-X1' }),
  contact('C8', DAY - 10, { campaign: 'a', offer: 'O-X2' }),
  contact('C8', DAY - 30, { offer: 'O-X3' }),
  contact('C8', DAY - 30, { offer: 'O-X4' }),
  contact('C8', DAY - 90, { campaign: 'c' }),
  contact('C8', DAY - 91, { campaign: 'd' }),
  contact('C8', DAY, { campaign: 'e' }),
];

/** The tiny data set, ingested once. */
let cached: Promise<Dataset> | undefined;
export function tinyData(): Promise<Dataset> {
  cached ??= ingest({ products: PRODUCTS, customers: CUSTOMERS, transactions: TRANSACTIONS, offers: OFFERS, contacts: CONTACTS });
  return cached;
}

/** The fixture's config: everyone targeted, 4 slots, G1 printed on every mailer, 2 decoys, tau 0.5. */
export function tinyConfig(overrides: CampaignConfigInput = {}): CampaignConfig {
  return CampaignConfigSchema.parse({
    name: 'audit-test',
    seed: 1,
    date: '2024-03-01',
    holdoutShare: 0,
    controlShare: 0,
    slots: 4,
    genericOffers: ['G1'],
    maxPerDepartment: 2,
    ...overrides,
    privacy: { decoys: 2, tau: 0.5, ...overrides.privacy },
  });
}

const e = (offer: string, placement: PlacementName = 'targeted', p: number | undefined = 0.1): PrintedEntry => ({ offer, placement, p });
const G1: PrintedEntry = { offer: 'G1', placement: 'generic', p: 0.05 };

/** A mailing on {@link tinyData} that obeys every rule under {@link tinyConfig}. */
export function cleanMailers(): PrintedMailer[] {
  return [
    { customer: 'C1', entries: [e('O-PASTA'), e('O-NAPPY'), e('O-BREAD', 'targeted', 0.2), e('O-NORTH'), G1] },
    { customer: 'C2', entries: [e('O-MILK'), e('O-NAPPY', 'cover'), G1] },
    { customer: 'C3', entries: [e('O-NEW'), e('O-LOYAL', 'discovery'), e('O-WINBACK'), e('O-POOR'), G1] },
    { customer: 'C4', entries: [G1, e('G2', 'fallback', 0.05)] },
    { customer: 'C6', entries: [e('O-SEG'), e('O-STORE'), G1] },
    { customer: 'C8', entries: [e('O-RICH'), e('O-NAPPY', 'cover'), e('O-COFFEE'), G1] },
    { customer: 'C9', entries: [e('O-BREAD', 'targeted', 0.2), e('O-NAPPY', 'cover'), e('O-MILK'), G1] },
  ];
}

/** `mailers` with customer `customer`'s entries replaced by `edit(entries)` (a copy; the input is untouched). */
export function plant(mailers: readonly PrintedMailer[], customer: string, edit: (entries: PrintedEntry[]) => PrintedEntry[]): PrintedMailer[] {
  return mailers.map((m) => (m.customer === customer ? { customer, entries: edit([...m.entries]) } : m));
}

/** Entry `position` (1-based) of `customer` replaced by `entry`. */
export function replaceAt(mailers: readonly PrintedMailer[], customer: string, position: number, entry: Partial<PrintedEntry>): PrintedMailer[] {
  return plant(mailers, customer, (entries) => entries.map((x, j) => (j === position - 1 ? { ...x, ...entry } : x)));
}

export { e as entry };
