/** Seller flag colours (seller_flag 0–5) as the seller centre shows them; safe on the client. */
import { SELLER_FLAGS, type SellerFlag } from "@/lib/top/types";

/** Tailwind fill classes, chosen to stay distinct in light and dark themes. */
export const FLAG_FILL: Record<SellerFlag, string> = {
  0: "text-zinc-400 dark:text-zinc-500",
  1: "text-red-600 dark:text-red-400",
  2: "text-yellow-500 dark:text-yellow-300",
  3: "text-emerald-600 dark:text-emerald-400",
  4: "text-blue-600 dark:text-blue-400",
  5: "text-fuchsia-600 dark:text-fuchsia-400",
};

export function isSellerFlag(n: number): n is SellerFlag {
  return (SELLER_FLAGS as readonly number[]).includes(n);
}
