// ESLint flat config (https://eslint.org/docs/latest/use/configure/configuration-files): the recommended sets of
// ESLint and typescript-eslint (https://typescript-eslint.io/getting-started) over the project's own code; `npm test`
// runs it after `tsc --noEmit`.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // generated or downloaded: synth output, provider bindings, mutation and plan-review artifacts
  globalIgnores(['cdktf.out/', '.gen/', '.stryker-tmp/', 'reports/', 'plan-review-out/', '**/.terraform/']),
  {
    files: ['**/*.{ts,mjs,cjs,js}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // the same exemptions as tsc's noUnusedLocals/noUnusedParameters: `const { key: _key, ...rest } = o` omits a
      // key, and a `_` parameter is one a callback's signature requires
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      // prettier (.prettierrc.json) wraps code at 120 but leaves comments, strings and regular expressions whole:
      // this holds them to the same limit (https://eslint.org/docs/latest/rules/max-len; in core until ESLint 11)
      'max-len': ['error', { code: 120 }],
    },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module', globals: globals.node } },
  {
    files: ['**/*.{cjs,js}'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    // require() is how a CommonJS file imports (https://typescript-eslint.io/rules/no-require-imports)
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
