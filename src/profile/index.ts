export { type Profiles } from './profiles.js';
export { buildProfiles, type ProfileOptions } from './buildProfiles.js';
export { buildProductHistory, concatProductHistories, productHistoryOf, type ProductHistory, type ProductHistoryOptions } from './productHistory.js';
