/**
 * Print the Rallpack report: `npm run rallpack` (about 35 s; the 1 µs run
 * of Rallpack 3 is most of it). Needs ../shared/data/rallpacks.
 */
import { formatReport, rallpackReport } from './rallpack.ts';

const t0 = performance.now();
const rows = rallpackReport();
console.log(formatReport(rows));
console.log(`\nrelRMS: √mean(ΔV²)/range(Vref); rms: the Rallpacks' rms.c (range of both curves); srms: spike features (pack 3).`);
console.log(`"mean" rows average the injection site (0) and the far site (x), as the Rallpack accuracy does.`);
console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
