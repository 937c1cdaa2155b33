/** Every method the sandbox implements, by name. */
import type { MethodDef } from "./context";
import { logisticsCompaniesGet } from "./logistics-companies-get";
import { logisticsOfflineSend } from "./logistics-offline-send";
import { logisticsTraceSearch } from "./logistics-trace-search";
import { tmcMessagesConfirm } from "./tmc-messages-confirm";
import { tmcMessagesConsume } from "./tmc-messages-consume";
import { timeGet } from "./time-get";
import { tmcUserPermit } from "./tmc-user-permit";
import { topOaidDecrypt } from "./top-oaid-decrypt";
import { tradeFullinfoGet } from "./trade-fullinfo-get";
import { tradeMemoUpdate } from "./trade-memo-update";
import { tradesSoldGet } from "./trades-sold-get";
import { tradesSoldIncrementGet } from "./trades-sold-increment-get";
import { tradesSoldQuery } from "./trades-sold-query";

export const METHODS: ReadonlyMap<string, MethodDef> = new Map(
  [
    tradesSoldGet,
    tradesSoldIncrementGet,
    tradeFullinfoGet,
    tradesSoldQuery,
    topOaidDecrypt,
    logisticsTraceSearch,
    logisticsCompaniesGet,
    logisticsOfflineSend,
    tradeMemoUpdate,
    tmcUserPermit,
    tmcMessagesConsume,
    tmcMessagesConfirm,
    timeGet,
  ].map((m) => [m.name, m]),
);

export type { MethodContext, MethodDef } from "./context";
