// Writes server/src/common/openapi/api-responses.generated.ts: for every controller route (by Nest's
// operationId, Controller_method) the JSON schema of what it answers, derived by the TypeScript checker from
// the method's return type (the shared contracts the services return), and the error codes it can answer,
// found by following its calls, guards and decorators through server/src. Run after changing a route or a
// contract: `node scripts/gen-api-responses.mjs` (the fuzz suite fails when the file is stale).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverSrc = join(root, 'server', 'src');
const out = join(serverSrc, 'common', 'openapi', 'api-responses.generated.ts');
const check = process.argv.includes('--check');

const configFile = ts.readConfigFile(join(root, 'server', 'tsconfig.json'), ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, join(root, 'server'));
const controllers = parsed.fileNames.filter(
  (f) => f.startsWith(serverSrc) && f.endsWith('.controller.ts') && !f.includes('/sandbox/'),
);
const program = ts.createProgram(controllers, parsed.options);
const checker = program.getTypeChecker();

const HTTP = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);
const components = {};
const inProgress = new Set();

const decoratorName = (d) => {
  const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
};
const isOurs = (decl) =>
  decl && decl.getSourceFile().fileName.startsWith(root) && !decl.getSourceFile().fileName.includes('node_modules');
const isShared = (decl) => decl && decl.getSourceFile().fileName.startsWith(join(root, 'shared', 'src'));

function namedComponent(type) {
  const sym = type.aliasSymbol ?? type.getSymbol();
  if (!sym || sym.name.startsWith('__')) return undefined;
  const decl = sym.declarations?.[0];
  if (!isShared(decl)) return undefined;
  if (type.aliasTypeArguments?.length || (type.typeArguments ?? []).length) return undefined;
  if (!(ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl))) return undefined;
  return sym.name;
}

function schemaOf(type, depth = 0) {
  if (depth > 12) return {};
  const f = type.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
  if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [type.value] };
  if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [type.value] };
  if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean' };
  if (f & ts.TypeFlags.String) return { type: 'string' };
  if (f & ts.TypeFlags.Number) return { type: 'number' };
  if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
  if (f & ts.TypeFlags.Null) return { nullable: true };
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = parts.some((t) => t.flags & ts.TypeFlags.Null);
    const rest = parts.filter((t) => !(t.flags & ts.TypeFlags.Null));
    let schema;
    if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) schema = { type: 'boolean' };
    else if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.StringLiteral))
      // Sorted: the checker's union order follows type creation, which other files can shift.
      schema = { type: 'string', enum: rest.map((t) => t.value).sort() };
    else if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.NumberLiteral))
      schema = { type: 'number', enum: rest.map((t) => t.value).sort((x, y) => x - y) };
    else if (rest.length === 1) schema = schemaOf(rest[0], depth + 1);
    else {
      const named = namedComponent(type);
      if (named && !nullable)
        return ref(named, type, depth, () => ({ anyOf: rest.map((t) => schemaOf(t, depth + 1)) }));
      schema = { anyOf: rest.map((t) => schemaOf(t, depth + 1)) };
    }
    if (!nullable) return schema;
    return schema.$ref ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const [item] = checker.getTypeArguments(type);
    return { type: 'array', items: item ? schemaOf(item, depth + 1) : {} };
  }
  const sym = type.getSymbol();
  if (sym?.name === 'Date') return { type: 'string', format: 'date-time' };
  if (f & ts.TypeFlags.Object) {
    const named = namedComponent(type);
    if (named) return ref(named, type, depth, () => objectSchema(type, depth));
    return objectSchema(type, depth);
  }
  return {};
}

function ref(name, type, depth, build) {
  if (!components[name] && !inProgress.has(name)) {
    inProgress.add(name);
    components[name] = build();
    inProgress.delete(name);
  }
  return { $ref: `#/components/schemas/${name}` };
}

function objectSchema(type, depth) {
  const properties = {};
  const required = [];
  for (const prop of checker.getPropertiesOfType(type)) {
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (decl && (ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl))) continue;
    const propType = checker.getTypeOfSymbol(prop);
    if (propType.getCallSignatures().length) continue;
    const optional =
      (prop.flags & ts.SymbolFlags.Optional) !== 0 ||
      (propType.isUnion() && propType.types.some((t) => t.flags & ts.TypeFlags.Undefined));
    properties[prop.name] = schemaOf(propType, depth + 1);
    if (!optional) required.push(prop.name);
  }
  const schema = { type: 'object', properties };
  if (required.length) schema.required = required;
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (index) schema.additionalProperties = schemaOf(index.type, depth + 1);
  return schema;
}

// Error codes reachable from a function: `ErrorCode.X` in its body and in everything it calls inside the repo.
function errorCodes(start) {
  const codes = new Set();
  const seen = new Set();
  const queue = [start];
  while (queue.length) {
    const node = queue.pop();
    if (seen.has(node)) continue;
    seen.add(node);
    const visit = (n) => {
      if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'ErrorCode') {
        codes.add(n.name.text);
      }
      if (ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isDecorator(n) || ts.isIdentifier(n)) {
        const target = ts.isIdentifier(n) ? n : n.expression;
        let sym = target && checker.getSymbolAtLocation(ts.isCallExpression(target) ? target.expression : target);
        if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
        for (const decl of sym?.declarations ?? []) {
          if (!isOurs(decl) || isShared(decl)) continue;
          if (ts.isClassDeclaration(decl)) {
            // A guard, interceptor or pipe class named here: what it does when it runs.
            for (const m of decl.members) {
              if (ts.isMethodDeclaration(m) && ['canActivate', 'intercept', 'transform'].includes(m.name?.getText()))
                queue.push(m);
            }
            if (ts.isNewExpression(n)) for (const m of decl.members) if (ts.isConstructorDeclaration(m)) queue.push(m);
          } else if ((ts.isFunctionLike(decl) || ts.isVariableDeclaration(decl)) && !ts.isIdentifier(n)) {
            queue.push(decl);
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
  }
  return [...codes].sort();
}

const routes = {};
for (const file of controllers) {
  const sf = program.getSourceFile(file);
  for (const cls of sf.statements.filter(ts.isClassDeclaration)) {
    const clsDecorators = ts.getDecorators(cls) ?? [];
    if (!clsDecorators.some((d) => decoratorName(d) === 'Controller')) continue;
    for (const method of cls.members.filter(ts.isMethodDeclaration)) {
      const decorators = ts.getDecorators(method) ?? [];
      if (!decorators.some((d) => HTTP.has(decoratorName(d)))) continue;
      const operationId = `${cls.name.text}_${method.name.getText()}`;
      const signature = checker.getSignatureFromDeclaration(method);
      const returned = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
      // @Res() without passthrough: the method writes the answer itself (a file download).
      const usesRes = method.parameters.some((p) =>
        (ts.getDecorators(p) ?? []).some((d) => decoratorName(d) === 'Res' && !d.getText().includes('passthrough')),
      );
      const empty = returned.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined);
      const schema = usesRes ? { type: 'string', format: 'binary' } : empty ? null : schemaOf(returned);
      const codeSources = [method, ...clsDecorators.filter((d) => decoratorName(d) === 'UseGuards')];
      const codes = new Set(codeSources.flatMap(errorCodes));
      routes[operationId] = { binary: usesRes || undefined, schema, errors: [...codes].sort() };
    }
  }
}

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const text =
  `// Generated by scripts/gen-api-responses.mjs from the controllers' return types and the shared contracts.\n` +
  `// Do not edit; run \`node scripts/gen-api-responses.mjs\` after changing a route or a contract.\n` +
  `export const API_RESPONSES: Record<string, { schema: Record<string, unknown> | null; binary?: boolean; errors: string[] }> = ${JSON.stringify(sorted(routes))};\n\n` +
  `export const API_RESPONSE_COMPONENTS: Record<string, Record<string, unknown>> = ${JSON.stringify(sorted(components))};\n`;
const formatted = execFileSync(join(root, 'node_modules', '.bin', 'prettier'), ['--stdin-filepath', out], {
  input: text,
  cwd: root,
}).toString();
if (check) {
  const current = readFileSync(out, 'utf8');
  if (current !== formatted) {
    console.error(`${relative(root, out)} is stale: run node scripts/gen-api-responses.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(out, formatted);
  console.log(
    `${relative(root, out)}: ${Object.keys(routes).length} routes, ${Object.keys(components).length} schemas`,
  );
}
