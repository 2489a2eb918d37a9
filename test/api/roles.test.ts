import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
import { OPERATOR_ROLES, MemberGuard, OperatorGuard, StaffGuard } from '../../server/src/modules/auth/guards';
import {
  apiDocument,
  fillPath,
  makePrincipals,
  operations,
  resolve,
  ROLES,
  sample,
  type ApiDocument,
  type Operation,
  type Principals,
  type Role,
} from './fuzz-support';
import { ROLE_TABLE } from './roles.table';
import { startTestServer, type TestServer } from './support';

// Role × route matrix: every route of the API, called as every role, is let through or refused exactly as
// roles.table.ts says. The table is generated from the routes' guards and @Roles metadata
// (ROLES_TABLE_WRITE=1 npx jest test/api/roles.test.ts) and reviewed like code; a route missing from it fails.

jest.setTimeout(120_000);

const OPERATOR_ROLE_NAMES: Role[] = ['admin', 'operator', 'analyst', 'store_manager'];
// The answers of a guard that refuses the caller; anything else means the request reached the route.
const DENIED = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_STAFF']);

// Where the service, not the guard, decides who may act (the guard lets every such caller through).
const DECIDED_BY_SERVICE: Record<string, Role[]> = {
  // Only a store's manager sets a staff PIN (approvals above a clerk's limits).
  'PUT /api/v1/staff/pin': ['manager'],
  // A member who is not (or no longer) staff gets NOT_STAFF; the member principal here is not staff.
  'POST /api/v1/staff/session': [],
  // Analysts only read; the invite service refuses them (the route has no @Roles of its own).
  'POST /api/v1/admin/staff-invites': ['admin', 'operator', 'store_manager'],
  // The console's refresh cookie (with its CSRF header) decides, not a bearer token: none of these has one.
  'POST /api/v1/admin/auth/refresh': [],
};

/** "METHOD /path" → roles the guards let through, read from the controllers' metadata. */
function tableFromMetadata(s: TestServer): Record<string, string> {
  const table: Record<string, string> = {};
  for (const module of s.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as { prototype: Record<string, unknown> } | null;
      if (!cls) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
      if (base.startsWith('sandbox')) continue;
      for (const key of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = cls.prototype[key] as object;
        const sub = Reflect.getMetadata(PATH_METADATA, handler);
        if (key === 'constructor' || sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const guards: unknown[] = [
          ...(Reflect.getMetadata(GUARDS_METADATA, cls) ?? []),
          ...(Reflect.getMetadata(GUARDS_METADATA, handler) ?? []),
        ];
        const roles: Role[] | undefined =
          Reflect.getMetadata(OPERATOR_ROLES, handler) ?? Reflect.getMetadata(OPERATOR_ROLES, cls);
        const allowed: Role[] = guards.includes(OperatorGuard)
          ? OPERATOR_ROLE_NAMES.filter((r) => !roles || roles.includes(r))
          : guards.includes(StaffGuard)
            ? ['clerk', 'manager']
            : guards.includes(MemberGuard)
              ? ['member']
              : [...ROLES];
        const path = ('/' + [base, sub].filter((p) => p && p !== '/').join('/')).replace(/:(\w+)/g, '{$1}');
        const route = `${method} ${path}`;
        table[route] = (DECIDED_BY_SERVICE[route] ?? allowed).join(' ');
      }
    }
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}

const key = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

describe('role × route matrix', () => {
  let s: TestServer;
  let doc: ApiDocument;
  let who: Principals;
  beforeAll(async () => {
    s = await startTestServer();
    doc = await apiDocument(s);
    who = await makePrincipals(s);
  });
  afterAll(() => s.close());

  it('has a row for every route, agreeing with the guards', () => {
    const fromMetadata = tableFromMetadata(s);
    if (process.env.ROLES_TABLE_WRITE) {
      const body = Object.entries(fromMetadata)
        .map(([route, roles]) => `  '${route}': '${roles}',`)
        .join('\n');
      writeFileSync(
        join(__dirname, 'roles.table.ts'),
        `// Who may call each route (space-separated roles); generated from the guards and @Roles metadata by\n` +
          `// ROLES_TABLE_WRITE=1 npx jest test/api/roles.test.ts, then reviewed. roles.test.ts checks the live API.\n` +
          `export const ROLE_TABLE: Record<string, string> = {\n${body}\n};\n`,
      );
    }
    const routes = operations(doc).map(key).sort();
    expect(routes.filter((r) => !(r in ROLE_TABLE))).toEqual([]);
    expect(Object.keys(ROLE_TABLE).filter((r) => !routes.includes(r))).toEqual([]);
    expect(ROLE_TABLE).toEqual(fromMetadata);
  });

  it('lets through and refuses every role as the table says', async () => {
    const ops = operations(doc).sort((a, b) => Number(/logout/.test(a.path)) - Number(/logout/.test(b.path)));
    const wrong: string[] = [];
    let cells = 0;
    for (const op of ops) {
      // Each logout ends the session it is called with: sign the operators in afresh before it.
      if (/logout/.test(op.path)) who = await makePrincipals(s, who);
      const allowed = new Set((ROLE_TABLE[key(op)] ?? '').split(' '));
      const path = fillPath(
        op,
        Object.fromEntries(
          op.parameters
            .filter((p) => p.in === 'path')
            .map((p) => [p.name, resolve(doc, p.schema).type === 'integer' ? '2147483647' : 'unknown1']),
        ),
      );
      const body = op.body ? JSON.stringify(sample(doc, op.body)) : undefined;
      await Promise.all(
        ROLES.map(async (role) => {
          const headers: Record<string, string> = { ...who.headers[role] };
          if (body) headers['Content-Type'] = 'application/json';
          const res = await fetch(s.url + path, { method: op.method.toUpperCase(), headers, body });
          const text = await res.text();
          const code = res.status === 401 || res.status === 403 ? (JSON.parse(text) as { code: string }).code : '';
          const let_through = !DENIED.has(code);
          cells++;
          if (let_through !== allowed.has(role)) {
            wrong.push(`${key(op)} as ${role}: ${res.status} ${code} (table: ${allowed.has(role) ? 'allow' : 'deny'})`);
          }
        }),
      );
    }
    console.log(`role matrix: ${ops.length} routes × ${ROLES.length} roles = ${cells} cells`);
    expect(wrong).toEqual([]);
  });
});
