/**
 * The URL this bundle was loaded from. Kept alone in this file because `import.meta` exists only in ES
 * modules: jest runs the sources as CommonJS and maps this file to test/fixtures/module-url.ts.
 */
export const MODULE_URL: string = import.meta.url;
