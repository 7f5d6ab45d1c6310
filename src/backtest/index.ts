export { backtestCampaign, type BacktestCampaignOptions, type CampaignBacktest, type EngineMetrics, type LearnedReport } from './backtestCampaign.js';
export { campaignPairs, PAIR_FEATURES, type CampaignPairs, type CampaignPairsOptions } from './campaignPairs.js';
export { fitRedemptionModel, predictRedemption, redemptionFeatureWeights, type RedemptionModel, type FitRedemptionModelOptions } from './fitRedemptionModel.js';
export { redemptionHistory, couponUpcOf, type RedemptionHistory } from './redemptionHistory.js';
export { historySince } from './historySince.js';
export { householdAucs, pairedAucDifference, type AucDifference, type PairedAucDifferenceOptions } from './pairedAucDifference.js';
