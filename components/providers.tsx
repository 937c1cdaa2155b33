"use client";
/** Client-side context for every page: React Query (polling and mutations) and toasts (sonner: `toast.success(...)`). */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 30_000, refetchOnWindowFocus: false },
          // React Query would pause a mutation while the browser is offline and send it when the
          // network returns, maybe minutes later (a shipment the seller thought had failed). Each
          // mutation runs at once instead, and an offline one fails with a translated reason
          // (components/use-mutation-error.ts).
          mutations: { networkMode: "always" },
        },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster position="top-center" richColors closeButton theme="system" />
    </QueryClientProvider>
  );
}
