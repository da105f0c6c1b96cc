// V8's code cache for the bundle's files (dist/**/*.cjs). Node 20 compiles every file from
// source at each start; a file compiled with the cache made at build time (scripts/codeCache.mjs)
// skips parsing and compiling what the training commands ran. Node 22's
// module.enableCompileCache() does this natively; this is its small equivalent for Node 20.
// A cache V8 refuses (another Node version, other V8 flags, a rebuilt file) costs nothing but the
// compilation it would have saved: V8 checks it and the file is compiled from source.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/** Where the cache of `file` (a file of `dist`; names are unique, chunks carry a hash) is kept. */
function cacheFileOf(dist, file) {
  return path.join(dist, 'code-cache', `${path.basename(file)}.v8`);
}

/** The `require` a CommonJS file gets, as Node's loader makes it (resolve, cache, main). */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.cache = Module._cache;
  require.main = process.mainModule;
  return require;
}

/**
 * Compiles the files of `dist` with their cache from now on. With `record`, keeps each compiled
 * script so `saveCodeCache()` can write what V8 compiled while the commands ran (build time only).
 */
function useCodeCache(dist, { record = false } = {}) {
  const inDist = dist + path.sep;
  const compiled = [];
  const compileFromSource = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!filename.startsWith(inDist)) return compileFromSource.call(this, content, filename);
    const cacheFile = cacheFileOf(dist, filename);
    let cachedData;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // no cache for this file (yet): compiled from source
    }
    // No import() in the bundle (the build turns them into require()), so no ES-module loader.
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (record) compiled.push({ script, cacheFile });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
  return {
    /** Writes the cache of every file compiled so far (what ran is compiled, so it is cached). */
    saveCodeCache() {
      for (const { script, cacheFile } of compiled) {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(cacheFile, script.createCachedData());
      }
      return compiled.length;
    },
  };
}

module.exports = { useCodeCache };
