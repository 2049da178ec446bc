// ESLint: TypeScript, React and import rules, with the layers of docs/design.md ("Shape of the
// code") as import boundaries. Formatting is Prettier's (eslint-config-prettier turns off the
// rules that would disagree with it). `npm run lint` runs both; `npm test` runs `npm run lint`.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Who may import whom. Each zone: files under `target` must not import files under `from`. */
const layers = [
  {
    target: "./domain",
    from: ["./app", "./db", "./workers", "./scripts", "./tests"],
    message: "domain/ 是纯词汇模块，不依赖其他层。",
  },
  {
    target: "./db",
    from: ["./app", "./workers", "./scripts", "./tests"],
    message: "db/ 是最底层（结构、连接、迁移），不依赖 app/、workers/。",
  },
  {
    target: ["./workers/matching", "./workers/compute", "./workers/queue.ts", "./workers/redis-errors.ts"],
    from: ["./app", "./db", "./workers/background"],
    message: "计算侧（引擎与 worker 进程）不连数据库，也不依赖 app/（决定 019）。",
  },
  {
    target: ["./app", "./db", "./domain", "./workers", "./scripts", "./server.ts", "./env.ts"],
    from: "./tests",
    message: "产品代码不依赖 tests/。",
  },
];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "build-*/**",
      "node_modules/**",
      "data/**",
      "public/**",
      ".scratch/**",
      "tests/.tmp/**",
      ".cache/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "import-x": importX, react, "react-hooks": reactHooks },
    settings: {
      react: { version: "18.3" },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
      // Parse imported TypeScript files too, so no-cycle can follow them.
      "import-x/extensions": [".ts", ".tsx", ".js", ".cjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat["jsx-runtime"].rules,
      // Props are typed by TypeScript.
      "react/prop-types": "off",
      "import-x/no-cycle": "error",
      "import-x/no-self-import": "error",
      "import-x/no-duplicates": "error",
      "import-x/no-restricted-paths": ["error", { zones: layers }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Full-width spaces are real input in tests of Chinese text.
      "no-irregular-whitespace": ["error", { skipStrings: true, skipRegExps: true, skipTemplates: true }],
    },
  },
  {
    // Hooks exist only in the React app (tests have helpers named use…, which are not hooks).
    files: ["app/**/*.{ts,tsx}"],
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
