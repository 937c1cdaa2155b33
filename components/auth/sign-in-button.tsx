"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { clsx } from "clsx";

/** Starts "Sign in with Taobao" (OAuth with PKCE and state, handled by next-auth). */
export function SignInButton({ label, workingLabel, callbackUrl = "/orders", variant = "primary" }: { label: string; workingLabel: string; callbackUrl?: string; variant?: "primary" | "banner" }) {
  const [working, setWorking] = useState(false);
  return (
    <button
      type="button"
      disabled={working}
      onClick={() => {
        setWorking(true);
        void signIn("taobao", { callbackUrl });
      }}
      className={clsx(
        "rounded-md font-medium disabled:opacity-60",
        variant === "primary" ? "w-full bg-brand-700 px-4 py-2.5 text-white hover:brightness-90" : "bg-amber-700 px-3 py-1.5 text-sm text-white hover:bg-amber-800",
      )}
    >
      {working ? workingLabel : label}
    </button>
  );
}
