// Output files of the renderers: see src/io/files.ts (whole writes, regular files only).
export { checkOutputPath, writeFileAtomic, type WriteOptions } from '../io/files.js';
