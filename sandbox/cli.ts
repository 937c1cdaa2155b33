/**
 * `npm run sandbox -- [flags]`: starts the TOP sandbox and prints where it listens, the app key
 * and secret, the accounts to sign in with and the admin routes. Ctrl-C (SIGINT) or SIGTERM stops
 * it cleanly. Flags are documented in sandbox/README.md and by `--help`.
 */
import { formatTopTime } from "../lib/time";
import { DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CALLBACK_HOSTS, DEFAULT_ORDERS, DEFAULT_PORT, DEFAULT_SEED, DEFAULT_SHOPS } from "./defaults";
import { startSandbox, type SandboxOptions } from "./server";

const HELP = `TOP sandbox — a local Taobao Open Platform gateway

Usage: npm run sandbox -- [flags]

  --port N              listen port (default ${DEFAULT_PORT}; 0 = any free port)
  --host H              listen address (default 127.0.0.1)
  --seed N              data seed (default ${DEFAULT_SEED})
  --orders N            trades in the 3-month history, all shops (default ${DEFAULT_ORDERS})
  --shops N             number of shops (default ${DEFAULT_SHOPS})
  --app-key K           app key (default $TOP_APP_KEY, else ${DEFAULT_APP_KEY})
  --app-secret S        app secret (default $TOP_APP_SECRET, else the built-in secret)
  --admin               enable the /_sandbox/* admin API
  --faults P            off | light | heavy (default off)
  --fault-seed N        seed of the fault draws
  --qps N               calls per second per app (default unlimited)
  --daily-quota N       calls per day per app (default unlimited)
  --token-ttl S         access_token lifetime in seconds (default 86400)
  --refresh-ttl S       refresh_token lifetime in seconds (default 2592000)
  --code-ttl S          authorisation code lifetime in seconds (default 600)
  --arrival-rate N      new trades per hour, all shops (default: the history's rate)
  --clock-start T       start the clock at "yyyy-MM-dd HH:mm:ss" (GMT+8) or ISO 8601 (default now)
  --frozen              start with the clock frozen
  --callback-hosts H    comma list of hosts redirect_uri may use, any port (default ${DEFAULT_CALLBACK_HOSTS.join(",")})
  --tmc-ack-timeout S   seconds before an unconfirmed TMC message is redelivered (default 60)
  --verbose             log every call
  --help                this text
`;

type Flag = { key: keyof SandboxOptions; kind: "int" | "num" | "str" | "bool" | "list" };
const FLAGS: Record<string, Flag> = {
  "--port": { key: "port", kind: "int" },
  "--host": { key: "host", kind: "str" },
  "--seed": { key: "seed", kind: "int" },
  "--orders": { key: "orders", kind: "int" },
  "--shops": { key: "shops", kind: "int" },
  "--app-key": { key: "appKey", kind: "str" },
  "--app-secret": { key: "appSecret", kind: "str" },
  "--admin": { key: "admin", kind: "bool" },
  "--faults": { key: "faults", kind: "str" },
  "--fault-seed": { key: "faultSeed", kind: "int" },
  "--qps": { key: "qps", kind: "int" },
  "--daily-quota": { key: "dailyQuota", kind: "int" },
  "--token-ttl": { key: "tokenTtl", kind: "num" },
  "--refresh-ttl": { key: "refreshTtl", kind: "num" },
  "--code-ttl": { key: "codeTtl", kind: "num" },
  "--arrival-rate": { key: "arrivalRate", kind: "num" },
  "--clock-start": { key: "clockStart", kind: "str" },
  "--frozen": { key: "frozen", kind: "bool" },
  "--callback-hosts": { key: "callbackHosts", kind: "list" },
  "--tmc-ack-timeout": { key: "tmcAckTimeout", kind: "num" },
  "--verbose": { key: "verbose", kind: "bool" },
};

export function parseArgs(argv: string[], env: Record<string, string | undefined> = process.env): SandboxOptions | "help" {
  const out: Record<string, unknown> = {};
  if (env.TOP_APP_KEY) out.appKey = env.TOP_APP_KEY;
  if (env.TOP_APP_SECRET) out.appSecret = env.TOP_APP_SECRET;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return "help";
    let inline: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const flag = FLAGS[arg];
    if (!flag) throw new Error(`unknown flag ${arg} (see --help)`);
    if (flag.kind === "bool") {
      out[flag.key] = inline === undefined ? true : inline !== "false";
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    switch (flag.kind) {
      case "int":
      case "num": {
        const n = Number(value);
        if (!Number.isFinite(n) || (flag.kind === "int" && !Number.isInteger(n))) throw new Error(`${arg}: not a number: ${value}`);
        out[flag.key] = n;
        break;
      }
      case "list":
        out[flag.key] = value.split(",").map((s) => s.trim()).filter(Boolean);
        break;
      default:
        out[flag.key] = value;
    }
  }
  if (out.faults !== undefined && !["off", "light", "heavy"].includes(out.faults as string)) throw new Error("--faults must be off, light or heavy");
  return out as SandboxOptions;
}

async function main(): Promise<void> {
  let opts: SandboxOptions | "help";
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  if (opts === "help") {
    console.log(HELP);
    return;
  }
  const started = Date.now();
  const sb = await startSandbox({ ...opts, log: (l) => console.error(l) });
  const o = sb.options;
  const lines = [
    `TOP sandbox listening on ${sb.url}  (generated ${o.orders.toLocaleString("en-US")} trades in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  gateway     ${sb.gatewayUrl}`,
    `  authorize   ${sb.authorizeUrl}`,
    `  token       ${sb.tokenUrl}`,
    `  app key     ${o.appKey}${o.appKey === DEFAULT_APP_KEY ? " (default)" : ""}`,
    `  app secret  ${o.appSecret === DEFAULT_APP_SECRET ? `${o.appSecret} (default)` : "(from --app-secret / TOP_APP_SECRET)"}`,
    `  seed ${o.seed} · ${o.shops} shop(s) · faults ${o.faults.profile} · qps ${o.qps || "∞"} · daily quota ${o.dailyQuota || "∞"} · token ttl ${o.tokenTtl}s`,
    `  clock       ${formatTopTime(new Date(sb.clock.nowMs()))} (GMT+8)${o.frozen ? " frozen" : ""}`,
    `  redirect_uri hosts: ${o.callbackHosts.join(", ")} (any port)`,
    `  sign in as:`,
    ...sb.store.accounts.flatMap((a) => [`    ${a.nick}  (taobao_user_id ${a.userId})`, ...a.subAccounts.map((s) => `    ${s.nick}  (sub_taobao_user_id ${s.userId})`), ...a.authorisedSubAccounts.map((s) => `    ${s.nick}@${a.nick}  (跨店授权: sub_taobao_user_id ${s.userId} for ${a.nick})`)]),
    o.admin ? `  admin       ${sb.url}/_sandbox/{clock,faults,truth?shop=<nick>,reset,quota,revoke,shops,trades,trade}` : `  admin       off (start with --admin)`,
    `Ctrl-C to stop.`,
  ];
  console.log(lines.join("\n"));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nsandbox: ${signal}, stopping`);
    sb.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && /sandbox[\\/]cli\.ts$/.test(process.argv[1])) {
  void main();
}
