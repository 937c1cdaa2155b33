/**
 * Everything the sandbox knows: the shops (generated from the seed), the registered apps, OAuth
 * grants and tokens, the TMC queues, quotas and the fault injector, all driven by one clock.
 */
import { presetRange } from "../lib/time";
import { SandboxClock } from "./clock";
import { shopAccounts, type ShopAccount } from "./defaults";
import { FaultInjector, type FaultConfig } from "./faults";
import { QuotaGuard, type QuotaConfig } from "./quota";
import { ShopStore } from "./shop";
import { TmcHub } from "./tmc";
import { loginOf, TokenStore, type Account, type TokenLifetimes } from "./tokens";

export interface AppConfig {
  appKey: string;
  appSecret: string;
  /** Shown on the consent page. */
  name: string;
}

export interface StoreConfig {
  seed: number;
  /** Trades in the generated history, all shops together. */
  orders: number;
  shops: number;
  /** New trades per hour after the clock's start, all shops together (null: the history's own rate). */
  arrivalRate: number | null;
  apps: AppConfig[];
  lifetimes: TokenLifetimes;
  tmcAckTimeout: number;
  quota: QuotaConfig;
  faults: FaultConfig;
}

const DAY = 86_400;

/** Share of the trades per shop: the first shop weighs 3, every other one 2. */
export function splitOrders(total: number, shops: number): number[] {
  const weights = Array.from({ length: shops }, (_, i) => (i === 0 ? 3 : 2));
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % shops, left--) out[i]!++;
  return out;
}

export class SandboxStore {
  readonly accounts: ShopAccount[];
  shops: ShopStore[] = [];
  readonly apps: Map<string, AppConfig>;
  readonly tokens: TokenStore;
  readonly tmc: TmcHub;
  readonly quota: QuotaGuard;
  readonly faults: FaultInjector;
  /** Oldest creation instant of the generated history (epoch seconds). */
  historyStart = 0;

  constructor(
    readonly config: StoreConfig,
    readonly clock: SandboxClock,
  ) {
    this.accounts = shopAccounts(config.seed, config.shops);
    this.apps = new Map(config.apps.map((a) => [a.appKey, a]));
    this.tokens = new TokenStore(config.lifetimes);
    this.tmc = new TmcHub(config.tmcAckTimeout);
    this.quota = new QuotaGuard({ ...config.quota });
    this.faults = new FaultInjector(config.faults);
    this.generate();
  }

  /** (Re)builds the shops from the seed at the clock's start. */
  private generate(): void {
    const anchor = Math.floor(this.clock.startMs / 1000);
    const threeMonths = Math.ceil(presetRange("last3Months", new Date(anchor * 1000)).start.getTime() / 1000);
    this.historyStart = Math.max(anchor - 90 * DAY, threeMonths);
    const histHours = (anchor - this.historyStart) / 3600;
    const perShop = splitOrders(this.config.orders, this.config.shops);
    const totalRate = this.config.arrivalRate ?? this.config.orders / histHours;
    this.shops = this.accounts.map(
      (account, i) =>
        new ShopStore({
          seed: this.config.seed,
          account,
          trades: perShop[i]!,
          anchor,
          historyStart: this.historyStart,
          arrivalPerHour: this.config.orders > 0 ? (totalRate * perShop[i]!) / this.config.orders : totalRate / this.config.shops,
        }),
    );
  }

  /** Back to the freshly started state: data regenerated, clock at its start, queues, quotas and (optionally) tokens cleared. */
  reset(opts: { tokens: boolean; frozen: boolean }): void {
    this.clock.reset(opts.frozen);
    this.generate();
    this.tmc.clear();
    this.quota.reset();
    if (opts.tokens) this.tokens.clear();
  }

  nowSec(): number {
    return this.clock.nowSec();
  }

  shopByNick(nick: string): ShopStore | undefined {
    return this.shops.find((s) => s.account.nick === nick);
  }

  /** Every account that can sign in (main accounts and their sub-accounts). */
  signInAccounts(): Account[] {
    const out: Account[] = [];
    for (const a of this.accounts) {
      out.push({ shopIndex: a.index, nick: a.nick, userId: a.userId });
      for (const s of a.subAccounts) out.push({ shopIndex: a.index, nick: a.nick, userId: a.userId, subNick: s.nick, subUserId: s.userId });
      for (const s of a.authorisedSubAccounts) out.push({ shopIndex: a.index, nick: a.nick, userId: a.userId, subNick: s.nick, subUserId: s.userId, crossShop: true });
    }
    return out;
  }

  accountByLogin(login: string): Account | undefined {
    return this.signInAccounts().find((a) => loginOf(a) === login);
  }
}
