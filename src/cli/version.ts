/** The CLI's version; test/cli/package.test.ts checks it is package.json's. */
export const VERSION = '0.1.0';
