/**
 * Why a (customer, offer) pair was kept or dropped, as one byte. Codes `1..13` are eligibility
 * rules (checked in this order, the first failing one is reported), `14..16` the contact policy,
 * `17..24` and `27` selection outcomes, `28..30` rules of the final mailer, and `25..26` the two ways a candidate lands on a mailer. `0` means
 * eligible (no rule failed). `255` marks an empty candidate position.
 *
 * @example
 * checkEligibility(data, profiles, c, o, day) === Reason.eligible; // the pair passes every rule
 * REASON_TEXT[Reason.region]; // 'offer not available in the customer\'s region'
 */
export const Reason = {
  eligible: 0,
  // ---- eligibility (customer level first, then offer rules) ----
  holdout: 1,
  profilingOptOut: 2,
  validity: 3,
  channelConsent: 4,
  region: 5,
  store: 6,
  segment: 7,
  optedOutCategory: 8,
  minSpend: 9,
  maxSpend: 10,
  neverBought: 11,
  notBought: 12,
  lapsed: 13,
  // ---- contact policy ----
  maxMailings: 14,
  repeatCooldown: 15,
  redeemedCooldown: 16,
  // ---- selection ----
  duplicate: 17,
  diversity: 18,
  department: 19,
  capacity: 20,
  budget: 21,
  campaignBudget: 22,
  price: 23,
  lowerRank: 24,
  noValue: 27,
  // ---- rules of the final mailer (MailerRules) ----
  slots: 28,
  sensitiveConsent: 29,
  control: 30,
  // ---- placed ----
  chosen: 25,
  chosenDiscovery: 26,
  empty: 255,
} as const;

/** A {@link Reason} value. */
export type ReasonCode = (typeof Reason)[keyof typeof Reason];

/** Name of each {@link Reason} code (the key in `Reason`). */
export const REASON_NAME: Readonly<Record<number, keyof typeof Reason>> = Object.freeze(
  Object.fromEntries(Object.entries(Reason).map(([k, v]) => [v, k as keyof typeof Reason])),
);

/** Human text of each {@link Reason} code, for traces and reports. */
export const REASON_TEXT: Readonly<Record<ReasonCode, string>> = Object.freeze({
  [Reason.eligible]: 'eligible',
  [Reason.holdout]: 'customer is in the holdout or excluded from this campaign',
  [Reason.profilingOptOut]: 'customer opted out of profiling: generic mailer only',
  [Reason.validity]: 'campaign day is outside the offer validFrom..validTo',
  [Reason.channelConsent]: "customer has not consented to the offer's channel",
  [Reason.region]: "offer not available in the customer's region",
  [Reason.store]: "offer not available at the customer's store",
  [Reason.segment]: "offer not available to the customer's segment",
  [Reason.optedOutCategory]: 'customer opted out of a category the offer targets',
  [Reason.minSpend]: "customer's total spend is below the offer's minSpend",
  [Reason.maxSpend]: "customer's total spend is above the offer's maxSpend",
  [Reason.neverBought]: "acquisition offer (targetHistory 'never') but the customer already buys a target",
  [Reason.notBought]: "retention offer (targetHistory 'bought') but the customer never bought a target",
  [Reason.lapsed]: 'win-back offer but the customer has not lapsed for minLapsedDays (or never bought)',
  [Reason.maxMailings]: 'customer already received maxMailings mailings within windowDays',
  [Reason.repeatCooldown]: 'offer sent to this customer within repeatCooldownDays',
  [Reason.redeemedCooldown]: 'customer redeemed this offer within redeemedCooldownDays',
  [Reason.duplicate]: 'offer already on the mailer',
  [Reason.diversity]: 'another offer with the same diversity key (category/subcategory/brand) ranks higher',
  [Reason.department]: 'department already has maxPerDepartment offers on the mailer',
  [Reason.capacity]: "offer's capacity is used up by customers who value it more",
  [Reason.budget]: "offer's budget on expected redemption cost is used up",
  [Reason.campaignBudget]: 'campaign budget on expected redemption cost is used up',
  [Reason.price]: "offer's shadow price (capacity/budget scarcity) exceeds its value to this customer",
  [Reason.lowerRank]: 'slots filled by offers with a higher arbitration value',
  [Reason.noValue]: 'arbitration value is not positive (no expected value to gain)',
  [Reason.slots]: 'the mailer already holds config.slots offers besides the generic ones',
  [Reason.sensitiveConsent]: 'sensitive offer for a customer without sensitive consent (cover needs privacy.allowCover)',
  [Reason.control]: 'customer is in the control cell: generic mailer only',
  [Reason.chosen]: 'on the mailer as a targeted offer',
  [Reason.chosenDiscovery]: 'on the mailer as a discovery offer (a category the customer does not buy yet)',
  [Reason.empty]: 'no candidate in this position',
});
