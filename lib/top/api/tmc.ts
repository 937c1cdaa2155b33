/**
 * TMC over HTTP: taobao.tmc.messages.consume and taobao.tmc.messages.confirm. Unconfirmed
 * messages are redelivered, so confirm only after the message's effect is stored.
 */
import { z } from "zod";
import type { TopClient } from "../client";
import { toTopTmcMessage } from "../normalize";
import { tmcMessagesConfirmResponseSchema, tmcMessagesConsumeResponseSchema } from "../schemas/tmc";
import type { TopTmcMessage } from "../types";
import { idParam, invoke, validateInput, type TopWrapperOptions } from "./shared";

export const TMC_MESSAGES_CONSUME = "taobao.tmc.messages.consume";
export const TMC_MESSAGES_CONFIRM = "taobao.tmc.messages.confirm";
export const MAX_TMC_QUANTITY = 200;

const groupName = z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(64, "must be at most 64 characters");

const consumeInput = z.strictObject({
  group_name: groupName.optional(),
  quantity: z
    .number({ error: `must be an integer from 1 to ${MAX_TMC_QUANTITY}` })
    .int(`must be an integer from 1 to ${MAX_TMC_QUANTITY}`)
    .min(1, `must be from 1 to ${MAX_TMC_QUANTITY}`)
    .max(MAX_TMC_QUANTITY, `must be from 1 to ${MAX_TMC_QUANTITY}`)
    .optional(),
});
export type TmcMessagesConsumeParams = z.input<typeof consumeInput>;

/** Pulls up to `quantity` (default 100) messages of the group (default "default"). App-level: no session. */
export async function tmcMessagesConsume(
  client: TopClient,
  params: TmcMessagesConsumeParams = {},
  options?: TopWrapperOptions & { session?: string },
): Promise<TopTmcMessage[]> {
  const p = validateInput(TMC_MESSAGES_CONSUME, consumeInput, params);
  const { session, ...rest } = options ?? {};
  const data = await invoke(
    client,
    TMC_MESSAGES_CONSUME,
    { group_name: p.group_name, quantity: p.quantity ?? 100 },
    session,
    rest,
    tmcMessagesConsumeResponseSchema,
  );
  return data.messages.map(toTopTmcMessage);
}

const idList = z.array(idParam).max(MAX_TMC_QUANTITY, `must hold at most ${MAX_TMC_QUANTITY} ids`);

const confirmInput = z
  .strictObject({
    group_name: groupName.optional(),
    s_message_ids: idList.optional(),
    f_message_ids: idList.optional(),
  })
  .refine((p) => (p.s_message_ids?.length ?? 0) + (p.f_message_ids?.length ?? 0) > 0, {
    path: ["s_message_ids"],
    message: "give at least one message id (s_message_ids or f_message_ids)",
  });
export type TmcMessagesConfirmParams = z.input<typeof confirmInput>;

/** Acknowledges processed (`s_message_ids`) and failed (`f_message_ids`) messages. */
export async function tmcMessagesConfirm(
  client: TopClient,
  params: TmcMessagesConfirmParams,
  options?: TopWrapperOptions & { session?: string },
): Promise<{ isSuccess: boolean; requestId: string | null }> {
  const p = validateInput(TMC_MESSAGES_CONFIRM, confirmInput, params);
  const { session, ...rest } = options ?? {};
  const data = await invoke(
    client,
    TMC_MESSAGES_CONFIRM,
    {
      group_name: p.group_name,
      s_message_ids: p.s_message_ids?.length ? p.s_message_ids.join(",") : undefined,
      f_message_ids: p.f_message_ids?.length ? p.f_message_ids.join(",") : undefined,
    },
    session,
    rest,
    tmcMessagesConfirmResponseSchema,
  );
  return { isSuccess: data.is_success ?? true, requestId: data.request_id ?? null };
}
