/**
 * End-to-end tests in Debian's Chromium against a production build (`next build` has run before;
 * `npm test` does it). The app runs with TZ=UTC on its own port and its own SQLite file; the
 * browser pretends to be in Los Angeles, so any time shown in the wrong zone fails a test.
 */
import { defineConfig, devices } from "@playwright/test";
import path from "node:path";

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
const DATA_DIR = path.join(import.meta.dirname, "test-results", "e2e-data");
export const E2E_DATABASE_URL = `file:${path.join(DATA_DIR, "e2e.db")}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e-artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    locale: "zh-CN",
    timezoneId: "America/Los_Angeles",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: [
    {
      command: `rm -rf "${DATA_DIR}" && tsx scripts/migrate.ts && next start -p ${APP_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { DATABASE_URL: E2E_DATABASE_URL, TZ: "UTC", LOG_LEVEL: "warn" },
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
