import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import reactRefresh from 'eslint-plugin-react-refresh'

export default [
  { ignores: ['dist', 'node_modules'] },
  {
    files: ['**/*.{js,jsx}'],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { ecmaFeatures: { jsx: true }, sourceType: 'module' },
    },
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...js.configs.recommended.rules,
      ...reactHooks.configs.recommended.rules,
      'no-unused-vars': ['error', { varsIgnorePattern: '^[A-Z_]', argsIgnorePattern: '^_' }],
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      // HTTP goes through api/http.js, reached by the app through services/api.js.
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the backend through services/api.js.' }],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'fetch', message: 'Call the backend through services/api.js.' },
        { object: 'globalThis', property: 'fetch', message: 'Call the backend through services/api.js.' },
      ],
    },
  },
  {
    // The rest of the app reaches the backend through services/api.js, not the pieces behind it.
    files: ['src/**/*.{js,jsx}'],
    ignores: ['src/api/**', 'src/services/**', '**/*.test.{js,jsx}', 'src/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/http', '**/api/eventStream', '**/api/replyTransport'], message: 'Import from services/api.js.' }] },
      ],
    },
  },
  {
    files: ['src/api/http.js'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    // A context's provider and its hook live in one module.
    files: ['src/contexts/*Context.jsx', 'src/state/**/*Context.jsx'],
    rules: { 'react-refresh/only-export-components': 'off' },
  },
  {
    files: ['**/*.test.{js,jsx}', 'src/test/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: { 'react-refresh/only-export-components': 'off', 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' },
  },
]
