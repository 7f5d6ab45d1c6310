/**
 * Expected redemptions per 1,000 mailers for one way of choosing offers (offerkit's picks, the most
 * popular offers, random offers), from a simulator's true redemption probabilities: what the demo
 * compares and the report charts.
 */
export interface StrategyQuality {
  readonly strategy: 'offerkit' | 'popularity' | 'random';
  readonly expectedPer1000Mailers: number;
  readonly mailers: number;
}
