import { clsx } from "clsx";
import { Flag } from "lucide-react";
import { useTranslations } from "next-intl";
import { FLAG_FILL, isSellerFlag } from "@/lib/orders/flags";

/** The seller flag as a coloured flag with its name for screen readers (and as a tooltip). */
export function FlagIcon({ flag, className, testId }: { flag: number; className?: string; testId?: string }) {
  const t = useTranslations("trade.flag");
  const f = isSellerFlag(flag) ? flag : 0;
  const label = t(String(f) as "0");
  return (
    <span role="img" aria-label={label} title={label} data-testid={testId} data-flag={f} className={clsx("inline-flex", FLAG_FILL[f], className)}>
      <Flag aria-hidden className="size-4" fill={f === 0 ? "none" : "currentColor"} />
    </span>
  );
}
