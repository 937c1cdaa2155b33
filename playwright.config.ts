/**
 * End-to-end tests in Debian's Chromium against a production build (`next build` has run before;
 * `npm test` does it) and the local TOP sandbox. The app runs with TZ=UTC on its own port and
 * SQLite file; the browser pretends to be in Los Angeles, so any time shown in the wrong zone
 * fails a test. A setup project signs in the shop's accounts once and saves their sessions.
 */
import { defineConfig, devices } from "@playwright/test";
import { APP_PORT, APP_URL, DATA_DIR, E2E_DB_FILE, SANDBOX_PORT, SANDBOX_URL, SERVER_LOG } from "./e2e/fixtures/env";

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
};

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
    baseURL: APP_URL,
    locale: "zh-CN",
    timezoneId: "America/Los_Angeles",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /global\.setup\.ts/, use: chromium },
    { name: "chromium", testIgnore: /global\.setup\.ts/, dependencies: ["setup"], use: chromium },
  ],
  webServer: [
    {
      command: `tsx sandbox/cli.ts --port ${SANDBOX_PORT} --admin --orders 2000 --seed 7`,
      url: `${SANDBOX_URL}/_sandbox/clock`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // The server's output is kept in a file: a test scans it for secrets and tokens.
      command: `rm -rf "${DATA_DIR}" && mkdir -p "${DATA_DIR}" && tsx scripts/migrate.ts && next start -p ${APP_PORT} -H 127.0.0.1 > "${SERVER_LOG}" 2>&1`,
      url: `${APP_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        DATABASE_URL: `file:${E2E_DB_FILE}`,
        TZ: "UTC",
        LOG_LEVEL: "info",
        NEXTAUTH_URL: APP_URL,
        TOP_GATEWAY_URL: `${SANDBOX_URL}/router/rest`,
        TOP_OAUTH_BASE_URL: SANDBOX_URL,
        // The sessions saved by the setup project serve the whole run, which may outlast the
        // default 30-minute idle timeout; e2e/security.spec.ts checks the cookie against this.
        SESSION_IDLE_MINUTES: "600",
      },
    },
  ],
});
