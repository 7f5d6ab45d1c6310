export {
  fromCompleteJourney,
  completeJourneyOfferId,
  type CompleteJourney,
  type CompleteJourneyCampaign,
  type CompleteJourneyCampaignType,
  type CompleteJourneyOptions,
  type CompleteJourneyRedemption,
  type CompleteJourneySources,
  type CompleteJourneySummary,
} from './completeJourney.js';
export { readCsvGz } from './readCsvGz.js';
