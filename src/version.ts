// The tool's version, written into the bundle by the build (package.json's "version"); kept apart
// from program.ts so that exports can stamp it without importing the command tree.
declare const __CAFCHARTE_VERSION__: string | undefined;
export const VERSION = typeof __CAFCHARTE_VERSION__ === 'string' ? __CAFCHARTE_VERSION__ : '0.0.0-dev';
