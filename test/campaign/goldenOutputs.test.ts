// The mailing files of the demo and of a 20,000-customer run, pinned by sha256: a refactor must leave
// them byte-identical. A deliberate change of outputs re-records them with
// `UPDATE_GOLDEN=1 npx vitest run test/campaign/goldenOutputs.test.ts` and says why in its commit.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign.js';
import { runDemo } from '../../src/demo.js';
import { ingest } from '../../src/ingest/index.js';
import { generateRetailer } from '../../src/synth/index.js';
import { filesOf, removeTempDirs, tempDir } from './fixtures.js';

afterAll(removeTempDirs);

const GOLDEN = join(import.meta.dirname, 'golden-outputs.json');
type Golden = Record<string, Record<string, string>>;

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, bytes] of [...(await filesOf(dir))].sort(([a], [b]) => (a < b ? -1 : 1))) out[name] = createHash('sha256').update(bytes).digest('hex');
  return out;
}

function check(name: string, got: Record<string, string>): void {
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
  if (process.env.UPDATE_GOLDEN === '1') {
    golden[name] = got;
    writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 2)}\n`);
    return;
  }
  expect(got, `${name}: mailing files changed; if intended, re-record with UPDATE_GOLDEN=1`).toEqual(golden[name]);
}

describe('golden outputs', () => {
  it('runDemo() (20,000 customers, seed 1) writes the recorded mailing files', async () => {
    const out = await tempDir('offerkit-golden-');
    await runDemo({ outDir: out });
    check('demo', await hashes(join(out, 'mailing')));
  }, 180_000);

  it('runCampaign on a 20,000-customer retailer with k-anonymity 5 and tau 0.3 writes the recorded mailing files', async () => {
    const r = generateRetailer({ customers: 20_000, offers: 2_000, seed: 2 });
    const data = await ingest({ products: r.products, customers: r.customers, offers: r.offers, transactions: r.transactions(), contacts: r.contacts });
    const generic = r.offers.filter((o) => o.kind === 'generic').map((o) => String(o.id));
    const out = await tempDir('offerkit-golden-');
    await runCampaign(
      { name: 'golden', seed: 3, slots: 6, genericOffers: generic.slice(0, 1), privacy: { sensitiveTags: [], kAnonymity: 5, tau: 0.3 } },
      data,
      { outDir: join(out, 'mailing'), workers: 2 },
    );
    check('run-20000-k5', await hashes(join(out, 'mailing')));
  }, 240_000);
});
