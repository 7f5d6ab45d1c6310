import { customerRecord } from '../../ingest/customerTable.js';
import type { Dataset } from '../../ingest/ingest.js';
import type { CellName } from '../../measure/assignCells.js';
import type { CampaignConfig } from '../../schema/campaignConfig.js';
import type { Channel, Customer } from '../../schema/customer.js';
import { contactHistoryOf, type ContactHistory } from './contactHistory.js';
import type { OfferFacts } from './offerFacts.js';
import type { PurchaseHistory, PurchaseReader } from './purchaseHistory.js';
import type { ViolationLog } from './violationLog.js';

/** What every rule of one audit reads: the data, the config, the day and the log to write to. Internal. */
export interface AuditContext {
  readonly data: Dataset;
  readonly config: CampaignConfig;
  readonly day: number;
  readonly mailerChannel: Channel;
  readonly offers: ReadonlyMap<string, OfferFacts>;
  readonly log: ViolationLog;
  readonly purchases: PurchaseReader;
}

/** A known customer of the data set with its cell, and its histories worked out on first use. Internal. */
export class AuditedCustomer {
  readonly record: Customer;
  readonly optedOut: ReadonlySet<string>;
  private purchaseCache: PurchaseHistory | undefined;
  private contactCache: ContactHistory | undefined;

  constructor(
    private readonly ctx: AuditContext,
    readonly index: number,
    readonly cell: CellName,
  ) {
    this.record = customerRecord(ctx.data.customers, index);
    this.optedOut = new Set(this.record.optedOutCategories);
  }

  get id(): string {
    return this.record.id;
  }

  /** Spend and category history before the day. */
  purchases(): PurchaseHistory {
    this.purchaseCache ??= this.ctx.purchases.read(this.index);
    return this.purchaseCache;
  }

  /** Mailings in the contact window and offer sendings before the day. */
  contacts(): ContactHistory {
    this.contactCache ??= contactHistoryOf(this.ctx.data, this.index, this.ctx.day, this.ctx.config.contactPolicy.windowDays);
    return this.contactCache;
  }

  /** Whether the customer consents to `channel`. */
  consents(channel: Channel): boolean {
    return channel === 'mail' ? this.record.consentMail : channel === 'email' ? this.record.consentEmail : this.record.consentSms;
  }
}
