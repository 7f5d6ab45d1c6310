/**
 * `offerkit/completejourney`: dunnhumby's "The Complete Journey" data set mapped to offerkit's
 * records ({@link fromCompleteJourney}), and the backtest harness that ranks its real campaigns'
 * coupons as of each start day and scores the rankings against the recorded redemptions
 * ({@link backtestCampaign}). One real data set's adapter: an edge, kept out of the main entry.
 * @packageDocumentation
 */
export { fromCompleteJourney, type CompleteJourneyOptions } from './adapter/fromCompleteJourney.js';
export { completeJourneyOfferId } from './adapter/completeJourneyOfferId.js';
export type {
  CompleteJourney,
  CompleteJourneyCampaign,
  CompleteJourneyCampaignType,
  CompleteJourneyRedemption,
  CompleteJourneySources,
  CompleteJourneySummary,
} from './adapter/completeJourney.js';
export { readCsvGz } from './adapter/readCsvGz.js';
export { backtestCampaign, type BacktestCampaignOptions, type CampaignBacktest, type EngineMetrics, type LearnedReport } from './backtest/backtestCampaign.js';
export { campaignPairs, PAIR_FEATURES, type CampaignPairs, type CampaignPairsOptions } from './backtest/campaignPairs.js';
export { fitRedemptionModel, predictRedemption, redemptionFeatureWeights, type RedemptionModel, type FitRedemptionModelOptions } from './backtest/fitRedemptionModel.js';
export { redemptionHistory, couponUpcOf, type RedemptionHistory } from './backtest/redemptionHistory.js';
export { historySince } from './backtest/historySince.js';
export { householdAucs, pairedAucDifference, type AucDifference, type PairedAucDifferenceOptions } from './backtest/pairedAucDifference.js';
