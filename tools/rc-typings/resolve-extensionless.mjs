// A module-resolution hook for reading @rocket.chat/rest-typings' dist: its ES modules import
// './Ajv' and 'ajv/dist/2020' without the '.js' a bundler adds and Node's ESM loader requires.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' && error?.code !== 'ERR_UNSUPPORTED_DIR_IMPORT') {
      throw error;
    }
    for (const candidate of [`${specifier}.js`, `${specifier}/index.js`]) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // not this one either: try the next spelling, then report the original error
      }
    }
    throw error;
  }
}
