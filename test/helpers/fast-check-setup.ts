// Property tests are reproducible: every run of the suite uses the same seed, so CI cannot turn red
// by chance. Explore new cases locally with FC_SEED=<number> (or FC_SEED=random); keep any failing
// counterexample as a regression case next to the property.
import fc from 'fast-check';

const requested = process.env.FC_SEED;
const seed =
  requested === 'random' ? Date.now() ^ (Math.random() * 0x100000000) : Number(requested ?? 20261128);
if (!Number.isSafeInteger(seed))
  throw new Error(`FC_SEED must be an integer or 'random' (got '${requested}')`);
if (requested !== undefined) console.error(`fast-check seed: ${seed}`);
fc.configureGlobal({ seed });
