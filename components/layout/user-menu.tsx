"use client";
import { LogOut, UserRound } from "lucide-react";
import { signOut } from "next-auth/react";

export function UserMenu({ nick, roleLabel, signOutLabel }: { nick: string; roleLabel: string; signOutLabel: string }) {
  return (
    <div className="flex items-center gap-2 text-sm" data-testid="account">
      <UserRound aria-hidden className="size-4 text-zinc-500" />
      <span className="max-w-40 truncate" data-testid="account-nick">
        {nick}
      </span>
      <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" data-testid="account-role">
        {roleLabel}
      </span>
      <button type="button" onClick={() => void signOut({ callbackUrl: "/login" })} className="rounded p-1 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100" title={signOutLabel}>
        <LogOut aria-hidden className="size-4" />
        <span className="sr-only">{signOutLabel}</span>
      </button>
    </div>
  );
}
