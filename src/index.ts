/**
 * offerkit: personalised offer targeting from loyalty-card data.
 *
 * Pipeline: ingest -> profile -> score -> select -> protect -> assemble, then measure.
 * Every export is listed here by name.
 * @packageDocumentation
 */
export * from './schema/index.js';
export * from './ingest/index.js';
