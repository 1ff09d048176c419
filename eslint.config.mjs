// One flat config for the monorepo: typescript-eslint's recommended rules, Prettier owning formatting, and
// Nx's module-boundary rule so that dependencies only flow one way:
// losses, metrics, data (layer:base) <- models (layer:models) <- ohif-extension, ohif-mode, apps (layer:app).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**', '**/*.cjs', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:base', onlyDependOnLibsWithTags: ['layer:none'] },
            { sourceTag: 'layer:models', onlyDependOnLibsWithTags: ['layer:base'] },
            { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:base', 'layer:models'] },
          ],
        },
      ],
    },
  },
];
