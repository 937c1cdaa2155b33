// Stands in for the `server-only` marker under Vitest, where there is no React Server bundler to honour it.
export {};
