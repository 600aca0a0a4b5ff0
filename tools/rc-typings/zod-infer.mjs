// core-typings declares a few records as `interface X extends z.infer<typeof XSchema>` (zod 4):
// the shape lives in the schema constant's declared type, `z.ZodObject<{ _id: z.ZodString; ... }>`.
// ts-json-schema-generator cannot evaluate zod's conditional `infer`, so this node parser reads
// that declared zod type instead and builds the same type the checker would infer.

const ZOD_INFER = new Set(['z.infer', 'z.output']);

export function zodInferParser(ts, generator, checker, chain) {
  const { ObjectType, ObjectProperty, StringType, NumberType, BooleanType, NullType, AnyType,
    ArrayType, UnionType, AnnotatedType } = generator;

  function zodName(node) {
    return ts.isTypeReferenceNode(node) ? node.typeName.getText().replace(/^z\./, '') : undefined;
  }

  function fromZod(node) {
    const name = zodName(node);
    const args = node.typeArguments ?? [];
    switch (name) {
      case 'ZodString':
        return new StringType();
      case 'ZodNumber':
        return new NumberType();
      case 'ZodBoolean':
        return new BooleanType();
      case 'ZodNull':
        return new NullType();
      case 'ZodAny':
      case 'ZodUnknown':
        return new AnyType();
      case 'ZodDate':
      case 'ZodISODateTime':
        // The same annotation the generator gives a TypeScript Date.
        return new AnnotatedType(new StringType(), { format: 'date-time' }, false);
      case 'ZodCodec':
        return fromZod(args[1]); // z.infer is the codec's output
      case 'ZodArray':
        return new ArrayType(fromZod(args[0]));
      case 'ZodNullable':
        return new UnionType([fromZod(args[0]), new NullType()]);
      case 'ZodObject':
        return objectFrom(args[0]);
      default:
        throw new Error(`zod type ${node.getText()} is not understood by zod-infer.mjs: teach it`);
    }
  }

  function objectFrom(shape) {
    if (!shape || !ts.isTypeLiteralNode(shape)) throw new Error('z.ZodObject without a literal shape');
    const properties = shape.members.map((member) => {
      const optional = zodName(member.type) === 'ZodOptional';
      const type = optional ? member.type.typeArguments[0] : member.type;
      return new ObjectProperty(member.name.getText(), fromZod(type), !optional);
    });
    return new ObjectType(`zod-${shape.pos}-${shape.end}`, [], properties, false);
  }

  return {
    supportsNode(node) {
      const named = ts.isExpressionWithTypeArguments(node) ? node.expression
        : ts.isTypeReferenceNode(node) ? node.typeName : undefined;
      return named !== undefined && ZOD_INFER.has(named.getText());
    },
    createType(node) {
      const query = node.typeArguments?.[0];
      if (!query || !ts.isTypeQueryNode(query)) throw new Error(`${node.getText()}: expected typeof a schema`);
      let symbol = checker.getSymbolAtLocation(query.exprName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.find((d) => ts.isVariableDeclaration(d) && d.type);
      if (!declaration) throw new Error(`${node.getText()}: no declared zod type to read`);
      return fromZod(declaration.type);
    },
  };
}
