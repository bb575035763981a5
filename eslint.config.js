import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", ".data/**", "tmp/**", "supabase/functions/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // The database module is the only way to the pool (withClaims / asService).
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "postgres", message: "Use withClaims or asService from app/.server/db." }],
          patterns: [{ group: ["**/db/pool", "**/db/pool.ts"], message: "Import from app/.server/db instead." }],
        },
      ],
    },
  },
  {
    // The database module itself, the test harness that creates test databases, and the benchmark's database setup.
    files: ["app/.server/db/**", "tests/setup/**", "bench/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
