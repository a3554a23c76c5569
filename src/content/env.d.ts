// `import file from './x.ts?iife'` (crxjs) and `import css from './x.css?inline'` (vite).
/// <reference types="@crxjs/vite-plugin/client" />
