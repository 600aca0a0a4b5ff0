// Writes Rocket.Chat's published typings out as JSON Schema files for the tests and the loopback
// Rocket.Chat server (tests/rocketchat/schemas.py reads them):
//
//   <dir>/schemas/requests.json  every ajv validator @rocket.chat/rest-typings ships
//                                ({name: {coercion, schema}}) and every route it declares
//                                ({"POST /v1/livechat/room.onHold": {params, validator}})
//   <dir>/schemas/payloads.json  JSON Schemas of core-typings' records (IOmnichannelRoom, ...)
//
// Usage: node tools/rc-typings/dump.mjs [dir]   (dir: where ./dev installed the packages,
// .rc-typings/ by default). ./dev runs it after installing, when the schemas are missing or
// older than these scripts.

import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { payloadSchemas } from './payloads.mjs';
import { routeValidators } from './routes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', '.rc-typings'));
const require = createRequire(path.join(dir, 'package.json'));

// The records an agent client reads, and request bodies typed without an ajv validator.
const PAYLOAD_TYPES = {
  '@rocket.chat/core-typings': [
    'IOmnichannelRoom', 'ILivechatInquiryRecord', 'IMessage', 'IEditedMessage', 'IOmnichannelSystemMessage', 'ISubscription', 'ILivechatDepartment',
    'ILivechatDepartmentAgents', 'ILivechatAgent', 'IUser', 'IOmnichannelBusinessUnit', 'ILivechatContact',
    'ILivechatBusinessHour', 'ILivechatVisitor', 'ILivechatPriority', 'IOmnichannelServiceLevelAgreements',
    'ILivechatTag', 'LivechatDepartmentDTO', 'OmnichannelBusinessUnitPayload',
  ],
};

async function requestSchemas() {
  register(pathToFileURL(path.join(here, 'rest-typings-loader.mjs')));
  const restDir = path.dirname(require.resolve('@rocket.chat/rest-typings/package.json'));
  const restTypings = await import(pathToFileURL(path.join(restDir, 'dist', 'index.js')));
  const { ajvQuery } = await import(pathToFileURL(path.join(restDir, 'dist', 'v1', 'Ajv.js')));
  const validators = {};
  for (const [name, value] of Object.entries(restTypings)) {
    if (typeof value !== 'function' || typeof value.schema !== 'object') continue;
    // ajv.compile keeps `schema` on the function; the query instance (coerceTypes 'array')
    // caches the schemas it compiled, which tells a query's schema from a body's.
    const coercion = ajvQuery._cache?.has(value.schema) ? 'query' : 'body';
    validators[name] = { coercion, schema: value.schema };
  }
  const routes = routeValidators(require('typescript'), restDir);
  const version = JSON.parse(fs.readFileSync(path.join(restDir, 'package.json'), 'utf8')).version;
  return { package: `@rocket.chat/rest-typings@${version}`, validators, routes };
}

function writeJson(name, value) {
  const target = path.join(dir, 'schemas', name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(`${target}.tmp`, `${JSON.stringify(value, null, 1)}\n`);
  fs.renameSync(`${target}.tmp`, target);
}

// The generator finds @types/node (which IMessage's `parsedUrl` needs) from the working directory.
process.chdir(dir);
const requests = await requestSchemas();
writeJson('requests.json', requests);
const coreDir = path.dirname(require.resolve('@rocket.chat/core-typings/package.json'));
const coreVersion = JSON.parse(fs.readFileSync(path.join(coreDir, 'package.json'), 'utf8')).version;
const payloads = payloadSchemas(require('typescript'), require('ts-json-schema-generator'), dir, PAYLOAD_TYPES);
writeJson('payloads.json', { package: `@rocket.chat/core-typings@${coreVersion}`, ...payloads });
