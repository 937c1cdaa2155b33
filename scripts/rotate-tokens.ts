/**
 * `npm run tokens:rotate`: re-encrypts every stored shop token with TOKEN_ENCRYPTION_KEY.
 * Rotation: (1) set the new key as TOKEN_ENCRYPTION_KEY and the old one in
 * TOKEN_ENCRYPTION_KEYS_OLD on every instance; (2) run this once; (3) drop the old key.
 */
import { loadEnv } from "../lib/env";
import { rotateShopTokens } from "../lib/shops/rotate";
import { CliError, runCli } from "./cli";

runCli(async () => {
  loadEnv();
  const { shops, rotated, unreadable } = await rotateShopTokens();
  console.log(`Re-encrypted the tokens of ${rotated} of ${shops} shop(s) with the current key.`);
  if (unreadable.length) {
    throw new CliError(
      `No configured key opens the tokens of ${unreadable.map((s) => s.nick).join(", ")}: add the key that sealed them to TOKEN_ENCRYPTION_KEYS_OLD and run again, or have their owners sign in again.`,
    );
  }
});
