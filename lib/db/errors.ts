/**
 * What a database error means for an operator, as one line with the fix. The errors come in
 * several wrappings — better-sqlite3's SqliteError (`code` SQLITE_FULL…), pg's DatabaseError
 * (`code` = SQLSTATE) or socket error (ECONNREFUSED…), Prisma's PrismaClientKnownRequestError
 * (`code` SQLITE_… or P1001…, `meta.driverAdapterError.cause`) and DriverAdapterError (`cause`) —
 * and `dbErrorFacts` digs the driver's code and message out of any of them.
 *
 * - `toStorageError`: the database cannot store anything (disk full, out of resources, read-only,
 *   I/O or corruption). A sync run that meets one ends FAILED at once instead of failing unit
 *   after unit, and the scheduler backs off.
 * - `describeDatabaseError`: the above, plus the set-up problems a CLI meets (no such database,
 *   server not reachable, login refused, tables missing), for CLIs to print instead of a stack.
 */
import path from "node:path";
import { errorBrand } from "../errors/brand";
import { SOCKET_REASONS } from "../socket-errors";
import type { DbTarget } from "./url";

export type StorageProblem = "disk-full" | "resources" | "read-only" | "io";

/** The database refuses to store anything: no retry inside a run helps. `code` is the driver's (SQLITE_FULL, 53100…). */
export class StorageError extends Error {
  override readonly name = "StorageError";
  static is = errorBrand(StorageError, "StorageError");
  constructor(
    readonly problem: StorageProblem,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DbErrorFacts {
  /** SQLITE_FULL, SQLITE_IOERR_WRITE, … */
  sqlite?: string;
  /** PostgreSQL SQLSTATE (53100, 3D000, …). */
  sqlstate?: string;
  /** A socket error (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, …). */
  socket?: string;
  /** Prisma's driver-adapter kind (DatabaseDoesNotExist, DatabaseNotReachable, TableDoesNotExist, …). */
  kind?: string;
  /** The driver's own message, one line. */
  message: string;
  host?: string;
  port?: number;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function lastLine(s: string): string {
  return (
    s
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ""
  );
}

/** The driver-level code and message of a database error, whatever wraps it; null when it is none. */
export function dbErrorFacts(e: unknown, depth = 0): DbErrorFacts | null {
  if (!e || typeof e !== "object" || depth > 4) return null;
  const o = e as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const code = str(o.code);
  const message = lastLine(str(o.message) ?? "");
  // Prisma: the adapter's error inside meta (known request errors) or as the cause (DriverAdapterError).
  const meta = o.meta as { driverAdapterError?: { cause?: unknown } } | undefined;
  const adapter = (meta?.driverAdapterError?.cause ?? (o.name === "DriverAdapterError" ? o.cause : undefined)) as Record<string, unknown> | undefined;
  if (adapter && typeof adapter === "object") {
    const original = str(adapter.originalCode) ?? str(adapter.code);
    const facts: DbErrorFacts = { kind: str(adapter.kind), message: str(adapter.originalMessage) ?? str(adapter.message) ?? str(adapter.cause) ?? message };
    if (original?.startsWith("SQLITE_")) facts.sqlite = original;
    else if (original && SQLSTATE.test(original)) facts.sqlstate = original;
    if (facts.kind === "DatabaseNotReachable") {
      facts.socket = "ECONNREFUSED";
      facts.host = str(adapter.host);
      facts.port = typeof adapter.port === "number" ? adapter.port : undefined;
    }
    if (facts.kind === "TooManyConnections") facts.sqlstate = "53300";
    return facts;
  }
  if (code?.startsWith("SQLITE_")) return { sqlite: code, message };
  if (code && /^E[A-Z]+$/.test(code) && typeof o.syscall === "string") {
    return { socket: code, message, host: str(o.address) ?? str(o.hostname), port: typeof o.port === "number" ? o.port : undefined };
  }
  // pg's DatabaseError carries a severity beside its SQLSTATE.
  if (code && SQLSTATE.test(code) && typeof o.severity === "string") return { sqlstate: code, message };
  if (Array.isArray(o.errors)) {
    for (const inner of o.errors) {
      const f = dbErrorFacts(inner, depth + 1);
      if (f) return f;
    }
  }
  if (o.cause) return dbErrorFacts(o.cause, depth + 1);
  return null;
}

/** data/orderdesk.db for a file under the working folder, the absolute path otherwise. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

interface PgWhere {
  host: string;
  port: number;
  database: string;
  user: string | null;
}

function pgWhere(target: DbTarget): PgWhere {
  const u = new URL(target.url);
  return {
    host: decodeURIComponent(u.hostname) || "localhost",
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || decodeURIComponent(u.username) || "postgres",
    user: u.username ? decodeURIComponent(u.username) : null,
  };
}

const PG_NAMES: Record<string, string> = {
  "53000": "insufficient_resources",
  "53100": "disk_full",
  "53200": "out_of_memory",
  "53300": "too_many_connections",
  "53400": "configuration_limit_exceeded",
  "25006": "read_only_sql_transaction",
  "58030": "io_error",
  XX001: "data_corrupted",
  XX002: "index_corrupted",
};

function storageProblem(f: DbErrorFacts): StorageProblem | null {
  if (f.sqlite) {
    if (f.sqlite === "SQLITE_FULL") return "disk-full";
    if (f.sqlite.startsWith("SQLITE_READONLY")) return "read-only";
    if (f.sqlite.startsWith("SQLITE_IOERR") || f.sqlite.startsWith("SQLITE_CORRUPT") || f.sqlite === "SQLITE_NOTADB") return "io";
    return null;
  }
  if (f.sqlstate) {
    if (f.sqlstate === "53100") return "disk-full";
    if (f.sqlstate.startsWith("53")) return "resources";
    if (f.sqlstate === "25006") return "read-only";
    if (f.sqlstate === "58030" || f.sqlstate === "XX001" || f.sqlstate === "XX002") return "io";
  }
  return null;
}

/** The database cannot store anything (disk full, resources, read-only, I/O): a StorageError with a message that says so; null otherwise. */
export function toStorageError(e: unknown, target?: DbTarget): StorageError | null {
  if (StorageError.is(e)) return e;
  const f = dbErrorFacts(e);
  const problem = f && storageProblem(f);
  if (!f || !problem) return null;
  const code = f.sqlite ?? f.sqlstate!;
  const detail = f.sqlite ? `${code}: ${f.message}` : `${code} ${PG_NAMES[code] ?? "insufficient_resources"}: ${f.message}`;
  let message: string;
  if (f.sqlite) {
    const file = target?.file ? displayPath(target.file) : "the database file";
    message = {
      "disk-full": `the disk is full: SQLite cannot write to ${file} (${detail}); free space on its disk`,
      "read-only": `the database is read-only: SQLite cannot write to ${file} (${detail}); check the permissions of the file and its folder`,
      io: `the database cannot read or write its file ${file} (${detail}); check the disk`,
      resources: `SQLite ran out of resources (${detail})`,
    }[problem];
  } else {
    const at = target?.provider === "postgres" ? (({ host, port }) => `PostgreSQL at ${host}:${port}`)(pgWhere(target)) : "PostgreSQL";
    message = {
      "disk-full": `the disk is full: ${at} cannot write (${detail}); free space on the database server's disk`,
      resources: `${at} is out of resources (${detail}); see the server's log`,
      "read-only": `the database is read-only: ${at} refuses writes (${detail}); point DATABASE_URL at the primary server`,
      io: `${at} cannot read or write its files (${detail}); check the server's disk and log`,
    }[problem];
  }
  return new StorageError(problem, code, message, { cause: e });
}

/**
 * One line for an operator, with the fix, for a database error a CLI meets: storage problems,
 * and set-up problems (no such database, server unreachable, login refused, tables missing).
 * Null when the error is not one of those (a bug: the caller shows it as it is).
 */
export function describeDatabaseError(e: unknown, target: DbTarget): string | null {
  const storage = toStorageError(e, target);
  if (storage) return storage.message;
  if (e instanceof Error && /directory does not exist/i.test(e.message) && target.file) {
    return `${displayPath(target.file)} cannot be created: its folder ${displayPath(path.dirname(target.file))} does not exist; fix DATABASE_URL, or create the database with npm run db:migrate`;
  }
  const f = dbErrorFacts(e);
  if (!f) return null;
  const migrate = "run npm run db:migrate";
  if (target.provider === "sqlite") {
    const file = target.file ? displayPath(target.file) : "the database";
    if (f.kind === "TableDoesNotExist" || /^no such table/i.test(f.message)) return `${file} has no OrderDesk tables (${f.message}): ${migrate}`;
    if (f.kind === "ColumnNotFound" || /no such column|has no column named/i.test(f.message)) return `${file} is older than this version of OrderDesk (${f.message}): ${migrate}`;
    if (f.sqlite === "SQLITE_CANTOPEN") return `${file} cannot be opened (${f.message}): check that it exists and may be read`;
    if (f.sqlite?.startsWith("SQLITE_BUSY")) return `${file} is locked by another process (${f.message}): try again when it is done`;
    return null;
  }
  const pg = pgWhere(target);
  const hostPort = `${f.host ?? pg.host}:${f.port ?? pg.port}`;
  if (f.socket) {
    const reason = SOCKET_REASONS[f.socket] ?? f.socket;
    return `cannot reach PostgreSQL at ${hostPort} (${reason}): is it running?${f.socket === "ENOTFOUND" || f.socket === "EAI_AGAIN" ? " Is the host name in DATABASE_URL right?" : ""}`;
  }
  if (f.kind === "DatabaseDoesNotExist" || f.sqlstate === "3D000") {
    const flags = [`-h ${pg.host}`, ...(pg.port !== 5432 ? [`-p ${pg.port}`] : []), ...(pg.user ? [`-U ${pg.user}`] : [])].join(" ");
    return `database "${pg.database}" does not exist on ${pg.host}:${pg.port}: create it (createdb ${flags} ${pg.database}) or fix DATABASE_URL`;
  }
  if (f.kind === "AuthenticationFailed" || f.kind === "DatabaseAccessDenied" || f.sqlstate === "28P01" || f.sqlstate === "28000") {
    return `PostgreSQL at ${pg.host}:${pg.port} refused the login (${f.message}): fix the user or password in DATABASE_URL`;
  }
  if (f.kind === "TableDoesNotExist" || f.sqlstate === "42P01") return `database "${pg.database}" on ${pg.host}:${pg.port} has no OrderDesk tables (${f.message}): ${migrate}`;
  if (f.kind === "ColumnNotFound" || f.sqlstate === "42703") return `database "${pg.database}" on ${pg.host}:${pg.port} is older than this version of OrderDesk (${f.message}): ${migrate}`;
  if (f.sqlstate === "57P03" || f.sqlstate === "57P01") return `PostgreSQL at ${pg.host}:${pg.port} is not accepting connections (${f.message}): try again when it is up`;
  return null;
}

/** describeDatabaseError, or else the error's own message (its last line: Prisma's start with a code frame). */
export function databaseErrorLine(e: unknown, target: DbTarget): string {
  return describeDatabaseError(e, target) ?? (lastLine(e instanceof Error ? e.message : String(e)) || String(e));
}

/** The database for a message: `data/orderdesk.db`, or `database "orderdesk" on 127.0.0.1:5432`. */
export function databaseWhere(target: DbTarget): string {
  if (target.provider === "sqlite") return target.file ? displayPath(target.file) : "the SQLite database";
  const pg = pgWhere(target);
  return `database "${pg.database}" on ${pg.host}:${pg.port}`;
}
