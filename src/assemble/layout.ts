import { createHash } from 'node:crypto';
import { PlacementReason, type PlacementReasonCode } from '../select/mailerPlan.js';

/**
 * What a mailer slot holds. Plan rows are packed (a short mailer moves its generic offers up), so
 * a `targeted` slot accepts every placement reason, while a `generic` slot never holds a
 * relevance-chosen offer (reason `targeted` or `discovery`): it takes generic and fallback offers
 * and the protect stage's decoys and cover.
 */
export type SlotKind = 'targeted' | 'generic';

/** One print position of a mailer. */
export interface MailerSlot {
  readonly kind: SlotKind;
  /** Whether a sensitive offer may be printed here. Always `false` for the lead (first) slot. */
  readonly sensitive: boolean;
}

/**
 * The print layout of a mailing: ordered slots, and which creative (artwork version) each customer
 * segment gets. A sensitive offer never sits in the lead slot.
 */
export interface MailerLayout {
  /** Stable id, hashed into every variant id. */
  readonly id: string;
  readonly slots: readonly MailerSlot[];
  /** Customer segment name -> creative id. */
  readonly creatives: Readonly<Record<string, string>>;
  /** Creative of customers whose segment is absent or not in `creatives`. */
  readonly defaultCreative: string;
}

/** Options of {@link createLayout}. */
export interface MailerLayoutOptions {
  /** Ordered slots, as kinds or full slots. Default: `targeted` targeted slots then `generic` generic ones. */
  slots?: readonly (SlotKind | MailerSlot)[];
  /** Targeted slots when `slots` is not given. Default 6. */
  targeted?: number;
  /** Generic slots after the targeted ones when `slots` is not given. Default 0. */
  generic?: number;
  /** Customer segment -> creative id. Default `{}`. */
  creatives?: Readonly<Record<string, string>>;
  /** Creative id for everyone else. Default `'standard'`. */
  defaultCreative?: string;
  /** Layout id. Default `layout-` + the first 12 hex digits of a sha256 over the slots. */
  id?: string;
}

const SLOT_KINDS: readonly SlotKind[] = ['targeted', 'generic'];

/**
 * Builds a frozen {@link MailerLayout}, checking every slot. A plain kind allows sensitive offers
 * everywhere except the lead slot; a full slot that allows one in the lead slot is a TypeError.
 *
 * Cost: O(slots + creatives).
 *
 * @example
 * const layout = createLayout({ targeted: 4, generic: 1, creatives: { family: 'kids-artwork' } });
 * layout.slots[0]; // { kind: 'targeted', sensitive: false }
 */
export function createLayout(options: MailerLayoutOptions = {}): MailerLayout {
  const given = options.slots ?? layoutKinds(options.targeted ?? 6, options.generic ?? 0);
  if (given.length === 0) throw new RangeError('createLayout: a layout needs at least one slot');
  const slots: MailerSlot[] = [];
  for (let i = 0; i < given.length; i++) {
    const s = given[i]!;
    const kind = typeof s === 'string' ? s : s?.kind;
    if (!SLOT_KINDS.includes(kind)) throw new TypeError(`createLayout: slot ${i + 1} has kind ${JSON.stringify(kind)}; expected one of ${SLOT_KINDS.join(', ')}`);
    const sensitive = typeof s === 'string' ? i > 0 : s.sensitive;
    if (typeof sensitive !== 'boolean') throw new TypeError(`createLayout: slot ${i + 1} needs a boolean "sensitive"`);
    if (i === 0 && sensitive) throw new TypeError('createLayout: the lead slot (slot 1) can never allow a sensitive offer; set sensitive: false');
    slots.push(Object.freeze({ kind, sensitive }));
  }
  const creatives: Record<string, string> = {};
  for (const [segment, creative] of Object.entries(options.creatives ?? {})) {
    if (typeof creative !== 'string' || creative.length === 0) throw new TypeError(`createLayout: creative of segment "${segment}" must be a non-empty string`);
    creatives[segment] = creative;
  }
  const defaultCreative = options.defaultCreative ?? 'standard';
  if (typeof defaultCreative !== 'string' || defaultCreative.length === 0) throw new TypeError('createLayout: defaultCreative must be a non-empty string');
  const id = options.id ?? `layout-${createHash('sha256').update(JSON.stringify(slots.map((s) => [s.kind, s.sensitive]))).digest('hex').slice(0, 12)}`;
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('createLayout: id must be a non-empty string');
  return Object.freeze({ id, slots: Object.freeze(slots), creatives: Object.freeze(creatives), defaultCreative });
}

function layoutKinds(targeted: number, generic: number): SlotKind[] {
  if (!Number.isInteger(targeted) || targeted < 0 || !Number.isInteger(generic) || generic < 0) {
    throw new RangeError(`createLayout: targeted (${targeted}) and generic (${generic}) must be non-negative integers`);
  }
  const kinds: SlotKind[] = [];
  for (let i = 0; i < targeted; i++) kinds.push('targeted');
  for (let i = 0; i < generic; i++) kinds.push('generic');
  return kinds;
}

/** Placement reasons each slot kind accepts. */
const ACCEPTS: Readonly<Record<SlotKind, readonly PlacementReasonCode[]>> = {
  targeted: Object.values(PlacementReason),
  // The protect stage may put decoys and cover in any non-lead slot, so generic slots take them too.
  generic: [PlacementReason.generic, PlacementReason.fallback, PlacementReason.decoy, PlacementReason.cover],
};

/**
 * Bit mask of the placement reasons a slot kind accepts (bit `1 << reason`).
 *
 * Cost: O(1).
 *
 * @example
 * (slotAccepts('generic') & (1 << PlacementReason.generic)) !== 0; // true
 */
export function slotAccepts(kind: SlotKind): number {
  let mask = 0;
  for (const r of ACCEPTS[kind]) mask |= 1 << r;
  return mask;
}

/** Name of each {@link PlacementReason} code, by code. */
export const PLACEMENT_REASON_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, code] of Object.entries(PlacementReason)) names[code] = name;
  return Object.freeze(names);
})();
