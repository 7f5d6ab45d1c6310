/** The CLI's help text. */
export const USAGE = `offerkit: personalised offer targeting

Usage:
  offerkit demo [--customers 20000] [--offers 2000] [--seed 1] [--workers 1] [--out offerkit-out]
      Generate the built-in synthetic retailer, run the whole campaign on it, simulate redemptions and measure.
  offerkit generate --out DIR [--customers 5000] [--offers 2000] [--seed 1]
      Write the synthetic retailer as CSV files that 'offerkit run' accepts.
  offerkit run --products F --customers F --transactions F --offers F [--contacts F]
               [--config campaign.json] [--workers 1] [--strict] [--ignore-unknown-columns] --out DIR
      Run a campaign on your CSV files (.csv or .csv.gz). Bad records are collected, printed and written
      to DIR/rejects.csv; --strict stops at the first bad file instead.
`;

