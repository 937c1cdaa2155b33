/**
 * `npm run bench`: every benchmark under bench/ (`*.bench.ts`), one after another, each in its own
 * process so one's memory cannot skew the next. Each writes its figures to bench/results/.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const only = process.argv.slice(2);
const benches = readdirSync("bench")
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n━━ bench/${file} ━━`);
  const r = spawnSync("npx", ["tsx", "--conditions=react-server", `bench/${file}`], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks completed; results in bench/results/`);
process.exit(failed ? 1 : 0);
