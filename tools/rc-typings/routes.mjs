// Which request schema each REST route of @rocket.chat/rest-typings is checked with.
//
// rest-typings declares every route as a property of an `...Endpoints` type, `'/v1/x': { POST:
// (params: T) => R }`, and every ajv validator as `isX: ValidateFunction<T>`. A route's validator
// is the one declared over the same `T` (the same symbol, followed through imports); when `T`
// is no named type (inline params, or a validator typed `ValidateFunction<unknown>`), the
// validator named after it (`isT`, `isTProps`), else none: the route takes params nobody checks
// with ajv (Rocket.Chat's server then uses Meteor's check(), or nothing).

import path from 'node:path';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

export function routeValidators(ts, restTypingsDir) {
  const distDir = path.join(restTypingsDir, 'dist');
  const program = ts.createProgram([path.join(distDir, 'index.d.ts')], {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const files = program.getSourceFiles().filter((file) => file.fileName.startsWith(distDir));

  const validatorsBySymbol = new Map();
  const validatorNames = new Set();
  for (const file of files) {
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const checkedType = validatedType(ts, declaration.type);
        if (checkedType === undefined || !ts.isIdentifier(declaration.name)) continue;
        const name = declaration.name.text;
        validatorNames.add(name);
        const symbol = namedSymbol(ts, checker, checkedType);
        if (symbol !== undefined && !validatorsBySymbol.has(symbol)) validatorsBySymbol.set(symbol, name);
      }
    }
  }

  const routes = {};
  for (const file of files) {
    for (const statement of file.statements) {
      if (!ts.isTypeAliasDeclaration(statement)) continue;
      for (const member of typeLiteralMembers(ts, statement.type)) {
        const route = member.name && ts.isStringLiteral(member.name) ? member.name.text : undefined;
        if (!route?.startsWith('/') || !member.type || !ts.isTypeLiteralNode(member.type)) continue;
        for (const method of member.type.members) {
          const verb = method.name && ts.isIdentifier(method.name) ? method.name.text : undefined;
          if (!METHODS.has(verb) || !method.type || !ts.isFunctionTypeNode(method.type)) continue;
          const paramsType = method.type.parameters[0]?.type;
          routes[`${verb} ${route}`] = {
            params: paramsType ? paramsType.getText(file).replace(/\s+/g, ' ') : null,
            validator: paramsType ? findValidator(ts, checker, paramsType, validatorsBySymbol, validatorNames) : null,
            declaredIn: path.relative(restTypingsDir, file.fileName),
          };
        }
      }
    }
  }
  return routes;
}

function typeLiteralMembers(ts, typeNode) {
  // Endpoint maps are written `{...}` or `{...} & {...}` (some routes are added separately).
  if (ts.isTypeLiteralNode(typeNode)) return [...typeNode.members];
  if (ts.isIntersectionTypeNode(typeNode)) return typeNode.types.flatMap((part) => typeLiteralMembers(ts, part));
  if (ts.isParenthesizedTypeNode(typeNode)) return typeLiteralMembers(ts, typeNode.type);
  return [];
}

function validatedType(ts, typeNode) {
  // `import("ajv").ValidateFunction<T>` as tsc writes it into a .d.ts, or `ValidateFunction<T>`.
  if (!typeNode) return undefined;
  if (ts.isImportTypeNode(typeNode) && typeNode.qualifier?.getText() === 'ValidateFunction') {
    return typeNode.typeArguments?.[0];
  }
  if (ts.isTypeReferenceNode(typeNode) && typeNode.typeName.getText() === 'ValidateFunction') {
    return typeNode.typeArguments?.[0];
  }
  return undefined;
}

function namedSymbol(ts, checker, typeNode) {
  if (!ts.isTypeReferenceNode(typeNode)) return undefined;
  let symbol = checker.getSymbolAtLocation(typeNode.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol;
}

function findValidator(ts, checker, paramsType, validatorsBySymbol, validatorNames) {
  const symbol = namedSymbol(ts, checker, paramsType);
  if (symbol !== undefined && validatorsBySymbol.has(symbol)) return validatorsBySymbol.get(symbol);
  if (!ts.isTypeReferenceNode(paramsType)) return null;
  const name = paramsType.typeName.getText();
  return [`is${name}`, `is${name}Props`].find((candidate) => validatorNames.has(candidate)) ?? null;
}
