export { createRandom, mixSeed, hashUnit, Random } from './random.js';
export {
  generateRetailer,
  type GenerateRetailerOptions,
  type SyntheticRetailer,
  type SyntheticTruth,
  type TransactionStreamOptions,
} from './generateRetailer.js';
export { type RedemptionSimulator, type SimulatedMailer, type Redemption } from './redemptionSimulator.js';
