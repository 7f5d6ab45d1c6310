import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByCampaignEnd } from '../../src/propensity/index.js';
import { dayToIsoDate } from '../../src/schema/index.js';

// Real Complete Journey campaign windows (campaign_descriptions.csv.gz).
const campaigns = [
  { id: '27', start: '2017-02-08', end: '2017-03-26' },
  { id: '8', start: '2017-05-08', end: '2017-06-25' },
  { id: '12', start: '2017-07-12', end: '2017-08-13' },
  { id: '13', start: '2017-08-08', end: '2017-09-24' },
  { id: '18', start: '2017-10-30', end: '2017-12-24' },
];

describe('splitByCampaignEnd', () => {
  it('splitByCampaignEnd(examples, campaigns, start) keeps only campaigns that ended before the target starts', () => {
    const examples = campaigns.flatMap((c) => [
      { campaign: c.id, household: 'a' },
      { campaign: c.id, household: 'b' },
    ]);
    const before = structuredClone(examples);
    const train = splitByCampaignEnd(examples, campaigns, '2017-08-08');
    // Campaign 12 started before 13 but was still running on 13's start day: its outcomes are look-ahead.
    expect(train.map((e) => e.campaign)).toEqual(['27', '27', '8', '8']);
    expect(examples).toEqual(before);
  });

  it('splitByCampaignEnd(examples, campaigns, start) drops a campaign ending on the target start day and keeps one ending the day before', () => {
    const windows = [
      { id: 'same-day', end: '2017-08-08' },
      { id: 'day-before', end: '2017-08-07' },
    ];
    const train = splitByCampaignEnd([{ campaign: 'same-day' }, { campaign: 'day-before' }], windows, '2017-08-08');
    expect(train).toEqual([{ campaign: 'day-before' }]);
  });

  it('splitByCampaignEnd(examples, campaigns, start) throws RangeError for an unknown campaign or a bad date', () => {
    expect(() => splitByCampaignEnd([{ campaign: '99' }], campaigns, '2017-08-08')).toThrow(/not in campaigns/);
    expect(() => splitByCampaignEnd([], campaigns, '2017-13-45')).toThrow(RangeError);
  });

  it('splitByCampaignEnd never lets a later campaign example into training (fast-check against a date-string reference, seed logged)', () => {
    const seed = Date.now() % 2 ** 31;
    console.log(`splitByCampaignEnd property seed ${seed}`);
    const day = fc.integer({ min: 17_000, max: 17_800 });
    fc.assert(
      fc.property(fc.array(day, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 60 }), day, (ends, picks, target) => {
        const windows = ends.map((end, i) => ({ id: `c${i}`, end: i % 2 ? end : dayToIsoDate(end) }));
        const examples = picks.map((k, i) => ({ campaign: `c${k % ends.length}`, i }));
        const targetIso = dayToIsoDate(target);
        const train = splitByCampaignEnd(examples, windows, i0(target, targetIso));
        // Reference: ISO dates compare as strings.
        const endIso = new Map(ends.map((e, i) => [`c${i}`, dayToIsoDate(e)]));
        expect(train).toEqual(examples.filter((e) => endIso.get(e.campaign)! < targetIso));
        for (const e of train) expect(endIso.get(e.campaign)! < targetIso).toBe(true);
      }),
      { seed, numRuns: 200 },
    );
  });
});

/** Alternates the target between a day number and an ISO string so both forms are exercised. */
function i0(day: number, iso: string): string | number {
  return day % 2 ? day : iso;
}
