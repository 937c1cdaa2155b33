"use client";
/**
 * On a phone the header is one bar (≤ 64 px): the navigation, the shop switcher, language, theme
 * and the account fold into this drawer (a Radix dialog: focus trap, Esc, aria wiring). It
 * closes itself when a link in it leads to another page.
 */
import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { Dialog as RadixDialog } from "radix-ui";
import { useState, type ReactNode } from "react";

export function MobileMenu({ label, closeLabel, children }: { label: string; closeLabel: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // Closing on navigation: the drawer remembers the page it was opened on.
  const [openedOn, setOpenedOn] = useState(pathname);
  if (open && openedOn !== pathname) {
    setOpen(false);
    setOpenedOn(pathname);
  }
  return (
    <RadixDialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setOpenedOn(pathname);
      }}
    >
      <RadixDialog.Trigger
        className="inline-flex size-10 shrink-0 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800"
        data-testid="mobile-menu"
      >
        <Menu aria-hidden className="size-5" />
        <span className="sr-only">{label}</span>
      </RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40" />
        <RadixDialog.Content
          aria-describedby={undefined}
          data-testid="mobile-menu-panel"
          className="fixed inset-y-0 right-0 z-50 flex w-[min(20rem,85vw)] flex-col gap-5 overflow-y-auto border-l border-zinc-200 bg-white p-4 shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="flex items-center justify-between">
            <RadixDialog.Title className="text-base font-semibold">{label}</RadixDialog.Title>
            <RadixDialog.Close className="rounded p-2 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800" aria-label={closeLabel}>
              <X aria-hidden className="size-4" />
            </RadixDialog.Close>
          </div>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
