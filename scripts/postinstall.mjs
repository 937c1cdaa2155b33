// Generates both Prisma clients after install; skipped quietly when the schema is not there yet
// (e.g. a partial checkout), so `npm install` never fails for an unrelated reason.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";
if (existsSync("prisma/schema.prisma")) execSync("npm run db:generate", { stdio: "inherit" });
