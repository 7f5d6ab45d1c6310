/**
 * `offerkit/synth`: the built-in synthetic retailer (products, households, offers, a purchase
 * history and a redemption simulator that knows each household's true redemption probability),
 * for demos, tests and benches; its seeded random generator; and `runDemo`, the main job on it (what
 * `npm run demo` runs). Production stages never import it.
 * @packageDocumentation
 */
export { createRandom, mixSeed, hashUnit, Random } from '../lib/random.js';
export {
  generateRetailer,
  type GenerateRetailerOptions,
  type SyntheticRetailer,
  type SyntheticTruth,
  type TransactionStreamOptions,
} from './generateRetailer.js';
export { type RedemptionSimulator, type SimulatedMailer, type Redemption } from './redemptionSimulator.js';
export { runDemo, demoConfig, type DemoOptions, type DemoResult } from '../demo.js';
