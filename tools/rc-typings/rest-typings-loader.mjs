// Module hooks for reading @rocket.chat/rest-typings' dist as plain Node runs it: its files are
// ES modules in a package that does not say "type": "module" (Node 18 would read them as
// CommonJS), and they import './Ajv' and 'ajv/dist/2020' without the '.js' Node's ESM loader needs.

const REST_TYPINGS = '/@rocket.chat/rest-typings/dist/';

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

export async function load(url, context, nextLoad) {
  if (url.includes(REST_TYPINGS) && url.endsWith('.js')) {
    return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
}
