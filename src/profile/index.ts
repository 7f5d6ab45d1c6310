export { type Profiles } from './profiles.js';
export { buildProfiles, type ProfileOptions } from './buildProfiles.js';
