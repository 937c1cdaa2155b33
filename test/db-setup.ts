// Points lib/db's process client at this project's throwaway database.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
