/**
 * DATABASE_URL decides the backend: `file:` is SQLite (the embedded default), `postgres://` or
 * `postgresql://` is PostgreSQL. Anything else is refused with the accepted forms.
 */
import path from "node:path";

export type DbProvider = "sqlite" | "postgres";

export interface DbTarget {
  provider: DbProvider;
  url: string;
  /** SQLite only: the file path (absolute), or ":memory:". */
  file?: string;
}

export const ACCEPTED_DATABASE_URLS = "file:./data/orderdesk.db (SQLite) or postgresql://user@host:5432/db (PostgreSQL)";

export class DatabaseUrlError extends Error {
  override readonly name = "DatabaseUrlError";
}

export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DbTarget {
  if (url.startsWith("file:")) {
    const rest = url.slice("file:".length).split("?")[0] ?? "";
    if (!rest) throw new DatabaseUrlError(`DATABASE_URL "file:" names no file; expected ${ACCEPTED_DATABASE_URLS}`);
    const file = rest === ":memory:" ? rest : path.resolve(cwd, rest);
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (!URL.canParse(url) || !new URL(url).hostname) {
      throw new DatabaseUrlError(`DATABASE_URL is not a valid PostgreSQL URL (it needs a host); expected ${ACCEPTED_DATABASE_URLS}`);
    }
    return { provider: "postgres", url };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new DatabaseUrlError(
    `DATABASE_URL ${scheme ? `uses "${scheme}:", which OrderDesk does not support` : "is not a database URL"}; expected ${ACCEPTED_DATABASE_URLS}`,
  );
}
