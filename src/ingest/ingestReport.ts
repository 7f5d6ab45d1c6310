import { InvalidRecordError, type RecordIssue } from '../schema/invalidRecordError.js';

/** The record kinds a data set is made of. */
export type RecordKind = 'products' | 'customers' | 'transactions' | 'offers' | 'contacts';

/** Per-kind counts: every record read is either accepted or rejected, never dropped. */
export interface KindCounts {
  read: number;
  accepted: number;
  rejected: number;
}

/** What ingestion accepted and rejected, with every issue of every rejected record. */
export interface IngestReport {
  readonly counts: Record<RecordKind, KindCounts>;
  readonly rejects: readonly RecordIssue[];
}

/** How to treat an invalid record: stop with an {@link InvalidRecordError}, or collect it in the report. */
export type OnInvalid = 'throw' | 'collect';

/** Tallies records and issues; throws at the first rejection in `throw` mode. */
export class RejectCollector {
  readonly counts: Record<RecordKind, KindCounts> = {
    products: { read: 0, accepted: 0, rejected: 0 },
    customers: { read: 0, accepted: 0, rejected: 0 },
    transactions: { read: 0, accepted: 0, rejected: 0 },
    offers: { read: 0, accepted: 0, rejected: 0 },
    contacts: { read: 0, accepted: 0, rejected: 0 },
  };
  readonly rejects: RecordIssue[] = [];

  constructor(private readonly onInvalid: OnInvalid) {}

  accept(kind: RecordKind): void {
    this.counts[kind].read++;
    this.counts[kind].accepted++;
  }

  reject(kind: RecordKind, issues: readonly RecordIssue[]): void {
    this.counts[kind].read++;
    this.counts[kind].rejected++;
    if (this.onInvalid === 'throw') throw new InvalidRecordError(issues);
    for (const issue of issues) this.rejects.push(issue);
  }

  report(): IngestReport {
    return { counts: this.counts, rejects: this.rejects };
  }
}
