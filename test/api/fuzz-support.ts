import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { ADMIN, bearer, loginMember, loginOperator, makeStaff, type TestServer } from './support';

// What the fuzz and role-matrix suites share: the OpenAPI document served by the server, one principal of
// every role, schema-driven sample values, and the check that an answer is one the document describes.

// ajv 8 is the server workspace's dev dependency (the repo root holds eslint's ajv 6, and its types).
type ValidateFunction = ((data: unknown) => boolean) & { errors?: unknown };
interface AjvInstance {
  addSchema(schema: object): void;
  compile(schema: object): ValidateFunction;
  errorsText(errors?: unknown): string;
}
const Ajv = createRequire(require.resolve('../../server/package.json'))('ajv').default as new (
  options: object,
) => AjvInstance;

export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  nullable?: boolean;
};
export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: Schema;
  /** The route takes a multipart/form-data upload (its fields named in the schema). */
  multipart?: Schema;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface ApiDocument {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'> & { requestBody?: unknown }>>;
  components: { schemas: Record<string, Schema> };
}

export const ROLES = [
  'anonymous',
  'member',
  'clerk',
  'manager',
  'admin',
  'operator',
  'analyst',
  'store_manager',
] as const;
export type Role = (typeof ROLES)[number];

export async function apiDocument(s: TestServer): Promise<ApiDocument> {
  return (await s.http.get('/api/docs-json').expect(200)).body;
}

export function operations(doc: ApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      const body = content?.['application/json']?.schema;
      const multipart = content?.['multipart/form-data']?.schema;
      out.push({ ...op, method, path, parameters: op.parameters ?? [], body, multipart });
    }
  }
  return out;
}

export const resolve = (doc: ApiDocument, schema: Schema | undefined): Schema => {
  let s = schema ?? {};
  while (s.$ref) s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
  return s;
};

/** A plausible valid value for a schema (what a well-behaved client would send). */
export function sample(doc: ApiDocument, schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.enum?.length) return s.enum[0];
  if (Array.isArray(s.allOf)) return sample(doc, s.allOf[0] as Schema, depth);
  if (Array.isArray(s.oneOf)) return sample(doc, s.oneOf[0] as Schema, depth);
  switch (s.type) {
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
    case 'boolean':
      return true;
    case 'array':
      return depth > 3 ? [] : [sample(doc, s.items, depth + 1)];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(k) || depth === 0) out[k] = sample(doc, v, depth + 1);
      }
      return out;
    }
    default:
      return sampleString(s);
  }
}

function sampleString(s: Schema): string {
  const name = String(s.pattern ?? '');
  if (s.format === 'date-time' || /ISO8601/i.test(name)) return new Date().toISOString();
  if (/\\d\{4\}-\\d\{2\}/.test(name)) return '1990-01-01';
  if (/^\^\\d\{6\}\$$/.test(name)) return '135790';
  if (name.includes('#') || /0-9A-Fa-f\]\{6\}/.test(name)) return '#1677ff';
  const len = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 8, 8));
  return 'Ab1_' + 'x'.repeat(Math.max(0, len - 4));
}

/** Fills the path template; `values` overrides chosen parameters (already URL-encoded). */
export function fillPath(op: Operation, values: Record<string, string> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '1');
}

export interface Principals {
  headers: Record<Role, Record<string, string>>;
  storeId: number;
  /** Console usernames and passwords, to sign in again after a logout. */
  operators: Record<string, { username: string; password: string }>;
}

/**
 * One principal of every role: a member, a clerk and a manager at one store, and four console roles.
 * Given `again`, only signs the console roles in afresh (new sessions after a logout).
 */
export async function makePrincipals(s: TestServer, again?: Principals): Promise<Principals> {
  if (again) {
    const headers = { ...again.headers };
    for (const [role, creds] of Object.entries(again.operators))
      headers[role as Role] = bearer(await loginOperator(s, creds));
    return { ...again, headers };
  }
  const admin = await loginOperator(s);
  const operators: Principals['operators'] = { admin: ADMIN };
  const { staffToken, store } = await makeStaff(s, admin);
  const invite = (
    await s.http
      .post('/api/v1/admin/staff-invites')
      .set(bearer(admin))
      .send({ storeId: store.id, role: 'manager' })
      .expect(201)
  ).body;
  const managerMember = await loginMember(s);
  const manager = (
    await s.http
      .post('/api/v1/staff/invites/redeem')
      .set(bearer(managerMember.token))
      .send({ inviteCode: invite.inviteCode, pin: '135790' })
      .expect(200)
  ).body;
  const member = await loginMember(s);
  const operator = async (role: string) => {
    const username = `${role.replace('_', '')}${randomBytes(3).toString('hex')}`;
    const password = 'fuzz-Passw0rd!' + randomBytes(2).toString('hex');
    await s.http
      .post('/api/v1/admin/operators')
      .set(bearer(admin))
      .send({ username, password, displayName: role, role, ...(role === 'store_manager' ? { storeId: store.id } : {}) })
      .expect(201);
    operators[role] = { username, password };
    return loginOperator(s, { username, password });
  };
  const tokens = {
    member: member.token,
    clerk: staffToken,
    manager: manager.token as string,
    admin,
    operator: await operator('operator'),
    analyst: await operator('analyst'),
    store_manager: await operator('store_manager'),
  };
  const headers = { anonymous: {} } as Record<Role, Record<string, string>>;
  for (const [role, token] of Object.entries(tokens)) headers[role as Role] = bearer(token);
  return { headers, storeId: store.id, operators };
}

export { ADMIN };

/** OpenAPI 3.0's `nullable: true` as JSON Schema: the same schema or null. */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, forAjv(v)]));
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

/** Checks answers against the document: a documented status, and a body matching that status's schema. */
export class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: ApiDocument) {
    this.ajv.addSchema({ $id: 'api', components: forAjv(doc.components) });
  }

  /** Why the answer does not match the document, or null when it does. */
  problem(op: Operation, status: number, contentType: string | undefined, body: unknown): string | null {
    const documented = op.responses[String(status)];
    if (!documented) return `undocumented status ${status} ${JSON.stringify(body).slice(0, 200)}`;
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return null;
    if (!contentType?.includes('application/json')) return `expected JSON, got ${contentType}`;
    const key = `${op.operationId} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"api#/components/'));
      validate = this.ajv.compile(forAjv(rebased) as object);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return null;
    return `body does not match the ${status} schema: ${this.ajv.errorsText(validate.errors)} ${JSON.stringify(body).slice(0, 300)}`;
  }
}
