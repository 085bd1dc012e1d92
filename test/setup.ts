// Property tests explore new random inputs on every developer run; CI runs them with a fixed seed
// (FC_SEED overrides both) so a submission's result can be reproduced exactly.
import fc from "fast-check";

const seed = process.env.FC_SEED ?? (process.env.CI ? "20261127" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
