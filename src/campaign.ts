import type { Dataset } from './ingest/ingest.js';
import { assignCells, campaignSalt, Cell } from './measure/assignCells.js';
import { buildProfiles } from './profile/buildProfiles.js';
import type { Profiles } from './profile/profiles.js';
import { enforceKAnonymity, type KAnonymityResult } from './protect/enforceKAnonymity.js';
import { maskSensitive, type MaskResult } from './protect/maskSensitive.js';
import { CampaignConfigSchema, type CampaignConfig, type CampaignConfigInput } from './schema/campaignConfig.js';
import type { Candidates } from './score/candidates.js';
import { fitRelevanceModel, type RelevanceModel } from './score/relevanceModel.js';
import { scoreAll } from './score/scoreAll.js';
import { scoreAllParallel } from './score/scoreAllParallel.js';
import { assembleMailing } from './assemble/assembleMailing.js';
import type { Mailing } from './assemble/mailing.js';
import type { Manifest } from './assemble/manifest.js';
import { writeMailing } from './assemble/writeMailing.js';
import { campaignDay } from './select/campaignDay.js';
import { buildEligibilityMask, type EligibilityBitset } from './select/eligibility.js';
import type { MailerPlan } from './select/mailerPlan.js';
import { selectOffers, type Selection, type SelectOptions } from './select/selectOffers.js';

/** The pipeline stages, in order, as reported to `onProgress`. */
export const CAMPAIGN_STAGES = ['profile', 'cells', 'eligibility', 'model', 'score', 'select', 'protect', 'assemble', 'write'] as const;
/** A pipeline stage name. */
export type CampaignStage = (typeof CAMPAIGN_STAGES)[number];

/** Options of {@link runCampaign}. */
export interface RunCampaignOptions {
  /** Worker threads for scoring; `1` scores on the calling thread. Results are identical either way. Default `1`. */
  workers?: number;
  /** Folder for the mail-house files and manifest; nothing is written when absent. */
  outDir?: string;
  /** Input name -> sha256 of each input file, recorded in the manifest. Default `{}`. */
  inputChecksums?: Readonly<Record<string, string>>;
  /** offerkit version for the manifest. Default `'unknown'`. */
  libraryVersion?: string;
  /** Extra selection options (campaign budget, arbitration formula, ...). */
  select?: Omit<SelectOptions, 'excluded' | 'day'>;
  /** Called when each stage starts (`done` = stages finished so far, of `total`). */
  onProgress?: (stage: CampaignStage, done: number, total: number) => void;
}

/** Everything a campaign run produced, stage by stage, for reports and measurement. */
export interface CampaignRun {
  readonly config: CampaignConfig;
  readonly day: number;
  readonly profiles: Profiles;
  /** Per customer {@link Cell}: holdout (no mail), control (generic mailer), targeted. */
  readonly cells: Uint8Array;
  readonly eligibility: EligibilityBitset;
  readonly model: RelevanceModel;
  /** Scored top-K per customer (control and holdout rows included: they are scored, then not targeted). */
  readonly candidates: Candidates;
  readonly selection: Selection;
  readonly masking: MaskResult;
  readonly anonymity: KAnonymityResult;
  /** The final plan: what is printed. */
  readonly plan: MailerPlan;
  readonly mailing: Mailing;
  readonly manifest: Manifest | undefined;
  /** Milliseconds per stage. */
  readonly timings: Readonly<Partial<Record<CampaignStage, number>>>;
}

/** Candidates with the rows of `cells !== targeted` emptied, so those customers get the generic fill only. */
function targetedOnly(candidates: Candidates, cells: Uint8Array): Candidates {
  const count = candidates.count.slice();
  for (let c = 0; c < count.length; c++) if (cells[c] !== Cell.targeted) count[c] = 0;
  return { ...candidates, count };
}

/**
 * Runs the whole pipeline on an ingested data set: profiles as of the campaign day, control cells
 * by salted hash, eligibility rules, the relevance model, scoring (top K per customer), selection
 * under caps and contact policy, sensitive-offer masking and k-anonymity, variant assembly and,
 * with `outDir`, the mail-house files. Every random choice derives from `config.seed`; the same data
 * and config give byte-identical outputs on any number of workers.
 *
 * Control customers are scored like everyone else but mailed the generic fallback mailer, and the
 * holdout gets nothing, so {@link measureCampaign} can separate the effect of targeting from that of mailing.
 *
 * Cost: dominated by scoring, O(customers x scanned offers x factor dimension), and selection,
 * O(customers x k x dual iterations).
 *
 * @example
 * const data = await ingest({ products, customers, transactions, offers });
 * const run = await runCampaign({ slots: 6, seed: 7 }, data, { outDir: 'out' });
 * run.mailing.stats.variants; // distinct mailer versions
 */
export async function runCampaign(configInput: CampaignConfigInput, data: Dataset, options: RunCampaignOptions = {}): Promise<CampaignRun> {
  const config = CampaignConfigSchema.parse(configInput);
  const timings: Partial<Record<CampaignStage, number>> = {};
  let done = 0;
  const stage = async <T>(name: CampaignStage, work: () => T | Promise<T>): Promise<T> => {
    options.onProgress?.(name, done, CAMPAIGN_STAGES.length);
    const started = performance.now();
    const result = await work();
    timings[name] = performance.now() - started;
    done++;
    return result;
  };

  const day = campaignDay(data, config);
  const profiles = await stage('profile', () => buildProfiles(data, { asOfDay: day, halfLifeDays: config.model.halfLifeDays }));
  const cells = await stage('cells', () =>
    assignCells(data.customers.ids.ids, { holdoutShare: config.holdoutShare, controlShare: config.controlShare, salt: campaignSalt(config) }),
  );
  const excluded = new Uint8Array(cells.length);
  for (let c = 0; c < cells.length; c++) excluded[c] = cells[c] === Cell.holdout ? 1 : 0;
  const eligibility = await stage('eligibility', () => buildEligibilityMask(data, profiles, config, { excluded, day }));
  const model = await stage('model', () => fitRelevanceModel(profiles, data.offers, data.catalog, config.model));
  const workers = options.workers ?? 1;
  const candidates = await stage('score', () =>
    workers > 1
      ? scoreAllParallel(model, { workers, k: config.topK, eligible: eligibility })
      : scoreAll(model, { k: config.topK, eligible: eligibility }),
  );
  const targetedCandidates = targetedOnly(candidates, cells);
  const selection = await stage('select', () => selectOffers(data, profiles, targetedCandidates, config, { ...options.select, excluded, day }));
  const { masking, anonymity } = await stage('protect', () => {
    const masked = maskSensitive(selection.plan, data, profiles, config, { seed: config.seed, eligible: eligibility, candidates: targetedCandidates });
    const anon = enforceKAnonymity(masked.plan, config.privacy.kAnonymity, { data, privacy: config.privacy, eligible: eligibility });
    return { masking: masked, anonymity: anon };
  });
  const plan = anonymity.plan;
  const mailing = await stage('assemble', () => assembleMailing(plan, data, { sensitiveTags: config.privacy.sensitiveTags }));
  const manifest = await stage('write', () =>
    options.outDir === undefined
      ? undefined
      : writeMailing(options.outDir, mailing, plan, data, {
          config,
          seed: config.seed,
          inputChecksums: options.inputChecksums ?? {},
          libraryVersion: options.libraryVersion ?? 'unknown',
        }),
  );
  return { config, day, profiles, cells, eligibility, model, candidates, selection, masking, anonymity, plan, mailing, manifest, timings };
}
