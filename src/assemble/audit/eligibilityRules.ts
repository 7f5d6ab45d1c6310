import type { AuditContext, AuditedCustomer } from './auditContext.js';
import type { OfferFacts } from './offerFacts.js';

// Spend sums are compared with a relative tolerance: the engine may add the same lines in another order.
const spendTolerance = (bound: number): number => 1e-9 * Math.max(1, Math.abs(bound));

/** `history` rules: bought means any line in one of the offer's resolved categories before the day. */
function checkHistory(ctx: AuditContext, customer: AuditedCustomer, f: OfferFacts): void {
  const o = f.record;
  if (o.targetHistory === 'any' && o.minLapsedDays === undefined) return;
  const lastBought = customer.purchases().lastBought;
  let last = Number.NEGATIVE_INFINITY;
  for (const k of f.categories) last = Math.max(last, lastBought.get(k) ?? Number.NEGATIVE_INFINITY);
  const bought = last > Number.NEGATIVE_INFINITY;
  const { log, day } = ctx;
  if (o.targetHistory === 'never' && bought) log.add('neverBought', `acquisition offer, but the customer last bought a target category on day ${last}`, customer.id, o.id);
  if (o.targetHistory === 'bought' && !bought) log.add('notBought', 'retention offer, but the customer never bought a target category before the day', customer.id, o.id);
  if (o.minLapsedDays !== undefined && (!bought || day - last < o.minLapsedDays)) {
    const since = bought ? `last bought a target ${day - last} day(s) before the day` : 'never bought a target';
    log.add('lapsed', `win-back offer needs ${o.minLapsedDays} lapsed day(s); the customer ${since}`, customer.id, o.id);
  }
}

/** `repeatCooldown` / `redeemedCooldown`: one violation at most, the redeemed one when both apply. */
function checkCooldown(ctx: AuditContext, customer: AuditedCustomer, f: OfferFacts): void {
  const policy = ctx.config.contactPolicy;
  const seen = customer.contacts().offers.get(f.record.id);
  if (seen === undefined) return;
  if (seen.redeemedAge < policy.redeemedCooldownDays) {
    ctx.log.add('redeemedCooldown', `customer redeemed the offer ${seen.redeemedAge} day(s) before the day; redeemedCooldownDays is ${policy.redeemedCooldownDays}`, customer.id, f.record.id);
  } else if (seen.sentAge < policy.repeatCooldownDays) {
    ctx.log.add('repeatCooldown', `offer was sent to the customer ${seen.sentAge} day(s) before the day; repeatCooldownDays is ${policy.repeatCooldownDays}`, customer.id, f.record.id);
  }
}

/**
 * Every eligibility rule of one printed (customer, offer), each reported on its own (not only the
 * first failing): `validity`, `channelConsent` (the offer's channel), `region`, `store`, `segment`
 * (empty lists allow everyone), `optedOutCategory`, `minSpend` / `maxSpend` (total spend before the
 * day), `neverBought` / `notBought` / `lapsed`, and the contact policy's `repeatCooldown` /
 * `redeemedCooldown`. Generic offers are checked like the others. Internal.
 *
 * Cost: O(offer categories + customer's opted-out categories), plus the customer's lines and contacts once.
 */
export function checkEligibilityRules(ctx: AuditContext, customer: AuditedCustomer, f: OfferFacts): void {
  const { log, day } = ctx;
  const o = f.record;
  const c = customer.record;
  const id = c.id;
  if (day < o.validFrom || day > o.validTo) log.add('validity', `campaign day ${day} is outside the offer's validFrom..validTo (${o.validFrom}..${o.validTo})`, id, o.id);
  if (!customer.consents(o.channel)) log.add('channelConsent', `customer has not consented to the offer's channel "${o.channel}"`, id, o.id);
  if (f.regions !== undefined && !f.regions.has(c.region)) log.add('region', `customer's region "${c.region}" is not among the offer's eligibleRegions`, id, o.id);
  if (f.stores !== undefined && !f.stores.has(c.store)) log.add('store', `customer's store "${c.store}" is not among the offer's eligibleStores`, id, o.id);
  if (f.segments !== undefined && (c.segment === undefined || !f.segments.has(c.segment))) {
    log.add('segment', `customer's segment ${c.segment === undefined ? '(none)' : `"${c.segment}"`} is not among the offer's eligibleSegments`, id, o.id);
  }
  for (const k of customer.optedOut) {
    if (f.categories.has(k)) {
      log.add('optedOutCategory', `customer opted out of category "${k}", which the offer targets`, id, o.id);
      break;
    }
  }
  if (o.minSpend !== undefined || o.maxSpend !== undefined) {
    const spend = customer.purchases().spend;
    if (o.minSpend !== undefined && spend < o.minSpend - spendTolerance(o.minSpend)) log.add('minSpend', `customer's total spend ${spend} is below the offer's minSpend ${o.minSpend}`, id, o.id);
    if (o.maxSpend !== undefined && spend > o.maxSpend + spendTolerance(o.maxSpend)) log.add('maxSpend', `customer's total spend ${spend} is above the offer's maxSpend ${o.maxSpend}`, id, o.id);
  }
  checkHistory(ctx, customer, f);
  checkCooldown(ctx, customer, f);
}
