/** The CLI's help text. */
export const USAGE = `offerkit: personalised offer targeting

Usage:
  offerkit demo [--customers 20000] [--offers 2000] [--seed 1] [--workers 1] [--out offerkit-out]
      Generate the built-in synthetic retailer, run the whole campaign on it, simulate redemptions and measure.
  offerkit generate --out DIR [--customers 5000] [--offers 2000] [--seed 1]
      Write the synthetic retailer as CSV files that 'offerkit run' accepts.
  offerkit run --products F --customers F --transactions F --offers F [--contacts F]
               [--config campaign.json] [--workers 1] [--strict] [--ignore-unknown-columns]
               [--shard i/n | --shards n [--parallel P]] [--pricing-sample N | --no-pricing] [--spill-dir D] --out DIR
      Run a campaign on your CSV files (.csv or .csv.gz). Bad records are collected, printed and written
      to DIR/rejects.csv; --strict stops at the first bad file instead. Transaction lines are kept in
      temporary part files (in --spill-dir, default the system temp folder), not in memory.
      --shard i/n (0-based) runs one shard into DIR/shard-i-of-n/ (run each on any machine sharing DIR);
      --shards n runs every shard here, skipping shards already finished (resume), then merges into DIR/mailing;
      --parallel P runs P shards at once on worker threads (one per core; same files as one at a time);
      each shard's slice goes to a task file in DIR first and the whole fit is freed, so memory is
      about P shards' worth: more shards, less memory. Each shard's stages are logged to stderr as they start.
      On Linux (glibc), MALLOC_MMAP_THRESHOLD_=131072 in the environment returns the freed fit to the system
      (about 2 GB less while the shards run at 3M customers; see bench/results/scale.md).
      With more than one shard, a first pass over a sample (--pricing-sample N customers, default 20000)
      writes the shadow prices of every capacity and budget to DIR/prices.json and every shard starts
      from them; --no-pricing skips it.
  offerkit merge --out DIR --shards n
      Verify DIR/shard-*-of-n/ (manifests, configs, inputs, capacities) and merge them into DIR/mailing.
      Exits 1 listing every problem when it refuses, 2 on bad arguments.
  offerkit audit --products F --customers F --transactions F --offers F [--contacts F] [--config campaign.json]
                 --out DIR [--campaign-budget N] [--json] [--strict] [--ignore-unknown-columns]
      Audit the printed mailing in DIR/mailing against the inputs, with its own implementation of every rule
      (cells, consent, contact policy, eligibility, slots, diversity, departments, sensitive offers, tau,
      k-anonymity, capacity, budgets) and the files (manifest checksums, files agreeing with each other and
      with the input checksums). The config defaults to the one in the manifest. Prints each violation
      (50 at most) and a summary line; --json prints the whole result. Exits 0 when every printed mailer
      obeys every rule, 1 on violations, 2 when the inputs or the mailing folder cannot be used.
  offerkit backtest [--data examples/data/completejourney] --campaign ID [--k 16] [--json] [--seed N] [--history-days N]
      Rank a past Complete Journey campaign's coupons for each recipient from history before its start and
      compare with the real redemptions: AUC, precision@K, NDCG@K, top-decile lift for offerkit, the
      propensity model learned from earlier campaigns, popularity and random. --history-days N uses only
      the N days before the start (campaign 27 has 38), to see how the ranking holds up on thin histories.
  offerkit worker --redis URL [--queue NAME] [--concurrency N] [--workers T]
      Process campaign pricing, shard and merge jobs from a BullMQ queue (needs the optional bullmq and ioredis packages).
  offerkit enqueue --redis URL --products F --customers F --transactions F --offers F [--contacts F]
                   [--config campaign.json] --shards N --out DIR [--wait] [--pricing-sample N | --no-pricing]
      Enqueue a campaign as a BullMQ flow: a pricing job (first pass over a sample, writes DIR/prices.json),
      then one job per shard, then a merge; --wait shows progress until merged. Inputs may be paths or
      http(s)/file URLs; DIR may be a shared folder or an http(s) URL prefix that takes PUT and serves GET.
`;
