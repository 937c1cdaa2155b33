import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
    },
  },
  {
    // Errors are told apart by brand (`TopSessionError.is(e)`, lib/errors/brand.ts): the production
    // build holds several copies of a module, and `instanceof` fails across them.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts", "instrumentation.ts"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "BinaryExpression[operator='instanceof'][right.name=/^(?!(Error|TypeError|RangeError|SyntaxError|URIError|AggregateError|DOMException)$).*(Error|Failure)$/]",
          message: "Recognise errors with the class's static is() (lib/errors/brand.ts), never instanceof: bundles hold separate copies of a class.",
        },
      ],
    },
  },
  globalIgnores([".next/**", "node_modules/**", "generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "bench/results/**", "data/**"]),
]);
