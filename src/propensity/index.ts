export { fitLogistic, type FitLogisticOptions, type LogisticModel } from './fitLogistic.js';
export { predict, predictAll } from './predict.js';
export { brierScore } from './brierScore.js';
export { reliabilityTable, type ReliabilityBin, type ReliabilityTableOptions } from './reliabilityTable.js';
export { splitByCampaignEnd, type CampaignWindow } from './splitByCampaignEnd.js';
