/** Which layout rule a mailer row broke. */
export type LayoutRule = 'sensitive-lead' | 'sensitive-slot' | 'slot-kind' | 'too-many-offers';

/** Details of one broken layout rule: the customer, the 1-based print position and the offer. */
export interface LayoutViolation {
  readonly rule: LayoutRule;
  readonly customer: string;
  /** 1-based print position (slot) on the mailer. */
  readonly position: number;
  /** Offer id at that position; empty for `too-many-offers`. */
  readonly offer: string;
  /** The placement reason name of the offer (e.g. `targeted`); empty for `too-many-offers`. */
  readonly reason: string;
}

/**
 * Thrown by `assembleMailing` when a mailer breaks its layout: a sensitive offer in the lead slot
 * (the protect stage must prevent that), a sensitive offer in a slot that does not allow one, an
 * offer whose placement reason the slot kind does not accept, or more offers than slots.
 *
 * @example
 * try { assembleMailing(plan, data, { layout }); }
 * catch (e) { if (e instanceof LayoutViolationError) console.error(e.violation.customer); }
 */
export class LayoutViolationError extends Error {
  override readonly name = 'LayoutViolationError';
  readonly violation: LayoutViolation;

  constructor(violation: LayoutViolation, layoutId: string, fix: string) {
    const what =
      violation.rule === 'too-many-offers'
        ? `has ${violation.position} offers`
        : `has offer "${violation.offer}" (${violation.reason}) at position ${violation.position}`;
    super(`layout "${layoutId}": customer "${violation.customer}" ${what}, which breaks rule ${violation.rule}; ${fix}`);
    this.violation = violation;
  }
}
