export { murmur3 } from '../lib/murmur3.js';
export { hashId, shardOf, saltSeed } from '../lib/hashId.js';
export {
  assignCells,
  cellOf,
  campaignSalt,
  Cell,
  CELL_NAMES,
  type CellCode,
  type CellName,
  type AssignCellsOptions,
} from './assignCells.js';
export {
  normalCdf,
  normalQuantile,
  normalTwoSidedP,
  regularizedBeta,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
} from './distributions.js';
export { wilsonInterval, type RateEstimate, type WilsonIntervalOptions } from './wilsonInterval.js';
export {
  compareProportions,
  type ProportionComparison,
  type CompareProportionsOptions,
} from './compareProportions.js';
export {
  compareMeans,
  meanInterval,
  type SampleSummary,
  type MeanEstimate,
  type MeanComparison,
  type CompareMeansOptions,
} from './compareMeans.js';
export {
  measureCampaign,
  type CampaignCustomer,
  type RedemptionRecord,
  type MeasureCampaignInput,
  type MeasureCampaignOptions,
  type CellReport,
  type OfferCellReport,
  type OfferReport,
  type IgnoredRecords,
  type CampaignMeasurement,
} from './measureCampaign.js';
export {
  householdAuc,
  pooledAuc,
  precisionAtK,
  ndcgAtK,
  topDecileLift,
  checkLabeledPairs,
  type LabeledPairs,
  type HouseholdMean,
  type TopDecileLift,
  type TopDecileLiftOptions,
} from './rankingMetrics.js';
export {
  labelPairs,
  labelCandidates,
  type OfferKey,
  type HouseholdRanking,
  type RedeemedSets,
  type LabeledPairsWithMisses,
} from './labelPairs.js';
export { backtestRanking, type BacktestRankingOptions, type RankingBacktest } from './backtestRanking.js';
export { type StrategyQuality } from './strategyQuality.js';
