import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Creates a path for an empty SQLite database in a fresh temporary folder. */
export function createScratchSqlite(): { url: string; file: string; drop: () => Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), "orderdesk-test-"));
  const file = path.join(dir, "test.db");
  return { url: `file:${file}`, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
