/**
 * The sandbox's built-in defaults. The demo launcher and `.env.example` use exactly these, so
 * the app connects to a freshly started sandbox with no editing.
 */
import { hashInts } from "./rng";

export const DEFAULT_PORT = 4100;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_APP_KEY = "34567890";
export const DEFAULT_APP_SECRET = "0d7e4c2b9a5f4e1c8b3a6d9f2e5c8b1a";
export const DEFAULT_SEED = 42;
export const DEFAULT_ORDERS = 20_000;
export const DEFAULT_SHOPS = 2;
/** Hosts a redirect_uri may point at (any port), like the callback domain registered for an app. */
export const DEFAULT_CALLBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1"];
/** access_token lifetime, seconds of sandbox time. */
export const DEFAULT_TOKEN_TTL = 86_400;
/** refresh_token lifetime (counted from the authorisation), seconds of sandbox time. */
export const DEFAULT_REFRESH_TTL = 30 * 86_400;
/** Authorisation code lifetime, seconds of sandbox time. */
export const DEFAULT_CODE_TTL = 600;
/** Seconds a consumed, unconfirmed TMC message stays invisible before it is delivered again. */
export const DEFAULT_TMC_ACK_TIMEOUT = 60;
/** The app's display name on the consent page. */
export const DEFAULT_APP_NAME = "OrderDesk 订单管理（沙箱）";

export const SANDBOX_DEFAULTS = {
  port: DEFAULT_PORT,
  host: DEFAULT_HOST,
  appKey: DEFAULT_APP_KEY,
  appSecret: DEFAULT_APP_SECRET,
  seed: DEFAULT_SEED,
  orders: DEFAULT_ORDERS,
  shops: DEFAULT_SHOPS,
  callbackHosts: DEFAULT_CALLBACK_HOSTS,
  tokenTtl: DEFAULT_TOKEN_TTL,
  refreshTtl: DEFAULT_REFRESH_TTL,
} as const;

/** The shop the first account always is, and its sub-accounts. */
export const MAIN_SHOP_NICK = "小米粒旗舰店";
export const MAIN_SHOP_SUB_ACCOUNTS = ["小米粒旗舰店:客服小王", "小米粒旗舰店:运营老李", "小米粒旗舰店:店长阿明"] as const;

/**
 * A sub-account that a second shop also authorises (子账号跨店授权, as a company running two
 * shops does in 千牛's sub-account management): it belongs to 小米粒旗舰店 and signs in for
 * 棉语家居旗舰店 too. Its login for the second shop is `<sub-account>@<shop>` (sandbox/README.md,
 * "Accounts").
 */
export const CROSS_SHOP_SUB_ACCOUNT = "小米粒旗舰店:店长阿明";

/** Shop templates by position: nick, sub-account names, catalogue. */
export const SHOP_TEMPLATES = [
  { nick: MAIN_SHOP_NICK, subs: ["客服小王", "运营老李", "店长阿明"], catalogue: "snacks", code: "XML", origin: "杭州市" },
  // `authorises`: [shop position, sub-account name] of another shop's sub-account this one lets sign in.
  { nick: "棉语家居旗舰店", subs: ["客服小美"], catalogue: "home", code: "MY", origin: "南通市", authorises: [[0, "店长阿明"]] },
  { nick: "森屿数码专营店", subs: ["客服阿杰"], catalogue: "digital", code: "SY", origin: "深圳市" },
  { nick: "青禾母婴旗舰店", subs: ["客服小雨"], catalogue: "baby", code: "QH", origin: "广州市" },
] as const;

export type CatalogueName = (typeof SHOP_TEMPLATES)[number]["catalogue"];

export interface SubAccount {
  /** `店铺名:子账号名`, the sub-account's full nick. */
  nick: string;
  /** `sub_taobao_user_id`. */
  userId: string;
}

export interface ShopAccount {
  index: number;
  nick: string;
  /** `taobao_user_id`: stable numeric string derived from the seed. */
  userId: string;
  subAccounts: SubAccount[];
  /** Other shops' sub-accounts this shop authorises (跨店授权): they sign in for this shop too. */
  authorisedSubAccounts: SubAccount[];
  catalogue: CatalogueName;
  /** Short code used in outer ids. */
  code: string;
  /** City parcels leave from. */
  origin: string;
}

function numericId(seed: number, taken: Set<string>, ...parts: number[]): string {
  // 10 digits starting with 22, like modern Taobao user ids; unique within the sandbox.
  for (let salt = 0; ; salt++) {
    const n = hashInts(seed, 0x75736572, salt, ...parts) % 100_000_000;
    const id = `22${String(n).padStart(8, "0")}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** The shops (and their accounts) the sandbox serves for a seed. */
export function shopAccounts(seed: number, shops: number): ShopAccount[] {
  const out: ShopAccount[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < shops; i++) {
    const tpl = SHOP_TEMPLATES[i % SHOP_TEMPLATES.length]!;
    const round = Math.floor(i / SHOP_TEMPLATES.length);
    const nick = round === 0 ? tpl.nick : `${tpl.nick.replace(/(旗舰店|专营店)$/, "")}${round + 1}号${tpl.nick.endsWith("专营店") ? "专营店" : "旗舰店"}`;
    out.push({
      index: i,
      nick,
      userId: numericId(seed, taken, i),
      subAccounts: tpl.subs.map((s, j) => ({ nick: `${nick}:${s}`, userId: numericId(seed, taken, i, j + 1) })),
      authorisedSubAccounts: [],
      catalogue: tpl.catalogue,
      code: round === 0 ? tpl.code : `${tpl.code}${round + 1}`,
      origin: tpl.origin,
    });
  }
  // Cross-shop grants within the first round of templates, when both shops exist.
  SHOP_TEMPLATES.forEach((tpl, i) => {
    if (!("authorises" in tpl) || i >= out.length) return;
    for (const [from, sub] of tpl.authorises) {
      const owner = out[from];
      const account = owner?.subAccounts.find((s) => s.nick === `${owner.nick}:${sub}`);
      if (account) out[i]!.authorisedSubAccounts.push(account);
    }
  });
  return out;
}

/** The accounts of a default sandbox (seed 42, two shops). */
export const DEFAULT_SHOP_ACCOUNTS: readonly ShopAccount[] = shopAccounts(DEFAULT_SEED, DEFAULT_SHOPS);
