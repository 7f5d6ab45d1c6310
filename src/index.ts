/**
 * offerkit: personalised offer targeting from loyalty-card data.
 *
 * Pipeline: ingest -> profile -> score -> select -> protect -> assemble, then measure.
 * Each stage's `index.ts` lists its public exports by name.
 * @packageDocumentation
 */
export * from './schema/index.js';
export * from './ingest/index.js';
export * from './synth/index.js';
export * from './profile/index.js';
export * from './score/index.js';
export * from './select/index.js';
export * from './protect/index.js';
export * from './assemble/index.js';
export * from './measure/index.js';
export * from './adapters/index.js';
export * from './propensity/index.js';
export {
  runCampaign,
  prepareCampaign,
  campaignLayoutId,
  CAMPAIGN_STAGES,
  type CampaignStage,
  type RunCampaignOptions,
  type PreparedCampaign,
  type CampaignRun,
} from './campaign.js';
export { runDemo, demoConfig, type DemoOptions, type DemoResult, type StrategyQuality } from './demo.js';
export * from './report/index.js';
export * from './run/index.js';
export * from './backtest/index.js';
