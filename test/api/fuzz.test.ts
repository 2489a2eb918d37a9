import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  apiDocument,
  fillPath,
  makePrincipals,
  operations,
  resolve,
  ResponseChecker,
  ROLES,
  sample,
  type ApiDocument,
  type Operation,
  type Principals,
  type Role,
  type Schema,
} from './fuzz-support';
import { startTestServer, type TestServer } from './support';

// Every route of the OpenAPI document, as every role, with bad input generated from its schema: wrong types,
// nulls, extremes, unknown fields, huge and deep bodies, NUL, bidi and broken unicode, bad path params.
// Fails on any 5xx and on any answer the document does not describe (status or body schema).

// ~12,000 requests over every route: a few minutes on a busy 2-core machine.
jest.setTimeout(480_000);

interface Case {
  role: Role;
  op: Operation;
  label: string;
  path: string;
  query?: string;
  body?: string | Blob;
  contentType?: string;
}

const INT_EXTREMES = [0, -1, 1.5, 2147483647, 2147483648, -2147483649, 1e20, 2 ** 53 + 2, -0];
const STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'abc\u202Etxt.exe',
  '\u2066x\u2069',
  '\uD800',
  '😀'.repeat(40),
  '\u3000',
  "'; DROP TABLE member; --",
  '%s%n%x',
  '../../etc/passwd',
  'x'.repeat(5000),
];
const WRONG_TYPES: unknown[] = [null, 'x', 12345, true, {}, [], [null], { $gt: '' }];
const QUERY_VALUES = [
  'abc',
  '',
  '-1',
  '0',
  '1e20',
  '2147483648',
  '1.5',
  '%00',
  '%E2%80%AE',
  '%ED%A0%80',
  'null',
  'x'.repeat(3000),
];
const PATH_VALUES = [
  '0',
  '-1',
  '2147483648',
  '99999999999999999999',
  'abc',
  '1e3',
  '1.5',
  '%00',
  '%E2%80%AE',
  '%',
  '%E0%A4%A',
  'x'.repeat(300),
];
const NASTY_BODIES = [
  'null',
  '[]',
  '"x"',
  '123',
  '{}',
  '{"a":',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '['.repeat(5000) + ']'.repeat(5000),
  JSON.stringify({ big: 'x'.repeat(120 * 1024) }),
];

function valuesFor(schema: Schema): unknown[] {
  const out: unknown[] = [...WRONG_TYPES];
  if (schema.type === 'integer' || schema.type === 'number') {
    out.push(...INT_EXTREMES);
    if (schema.maximum !== undefined) out.push(schema.maximum + 1);
    if (schema.minimum !== undefined) out.push(schema.minimum - 1);
  } else if (schema.type === 'string' || schema.enum || !schema.type) {
    out.push(...STRINGS);
    if (schema.maxLength !== undefined) out.push('a'.repeat(schema.maxLength + 1));
  } else if (schema.type === 'boolean') out.push('true', 1, 0);
  else if (schema.type === 'object') out.push({ unknown: 1 }, 'x'.repeat(100));
  return out;
}

/** The bad requests for one operation as one role (`full`: every mutation; otherwise a few). */
function casesFor(doc: ApiDocument, op: Operation, role: Role, full: boolean): Case[] {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const basePath = fillPath(op, Object.fromEntries(pathParams.map((p) => [p.name, baseValue(doc, p.schema)])));
  const bodySchema = resolve(doc, op.body);
  const baseBody = op.body ? (sample(doc, op.body) as Record<string, unknown>) : undefined;
  const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  const cases: Case[] = [{ role, op, label: 'baseline', path: basePath, body: json(baseBody) }];
  if (op.body) {
    cases.push({ role, op, label: 'unknown field', path: basePath, body: json({ ...baseBody, notAField: 1 }) });
    cases.push({ role, op, label: 'deep body', path: basePath, body: NASTY_BODIES[8] });
  }
  if (!full) return cases;

  for (const p of pathParams) {
    for (const v of PATH_VALUES) {
      cases.push({ role, op, label: `path ${p.name}=${v.slice(0, 20)}`, path: fillPath(op, { [p.name]: v }) });
    }
  }
  for (const p of queryParams) {
    for (const v of QUERY_VALUES) {
      cases.push({ role, op, label: `query ${p.name}=${v.slice(0, 20)}`, path: basePath, query: `${p.name}=${v}` });
    }
    cases.push({ role, op, label: `query ${p.name} twice`, path: basePath, query: `${p.name}=1&${p.name}=2` });
    cases.push({ role, op, label: `query ${p.name}[]`, path: basePath, query: `${p.name}[a]=1` });
  }
  if (op.multipart) cases.push(...multipartCases(role, op, basePath));
  if (op.body) {
    for (const raw of NASTY_BODIES)
      cases.push({ role, op, label: `body ${raw.slice(0, 20)}`, path: basePath, body: raw });
    // Invalid UTF-8 inside a JSON string, and bodies the JSON parser does not take.
    const invalidUtf8 = new Blob([Uint8Array.from([...Buffer.from('{"a":"'), 0xff, 0xfe, 0xc0, ...Buffer.from('"}')])]);
    cases.push({ role, op, label: 'invalid UTF-8', path: basePath, body: invalidUtf8 });
    for (const contentType of ['text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded']) {
      cases.push({ role, op, label: contentType, path: basePath, body: json(baseBody), contentType });
    }
    for (const [key, prop] of Object.entries(bodySchema.properties ?? {})) {
      for (const v of valuesFor(resolve(doc, prop))) {
        cases.push({
          role,
          op,
          label: `body ${key}=${JSON.stringify(v)?.slice(0, 20)}`,
          path: basePath,
          body: json({ ...baseBody, [key]: v }),
        });
      }
    }
  }
  return cases;
}

/** Uploads that are not what the route takes: other types, no file, broken framing, a bad boundary. */
function multipartCases(role: Role, op: Operation, path: string): Case[] {
  const boundary = 'fuzzBoundary7f3a';
  const type = `multipart/form-data; boundary=${boundary}`;
  const part = (name: string, filename: string | null, data: Buffer | string) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
          (filename === null ? '' : `; filename="${filename}"`) +
          '\r\nContent-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.from(data),
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${boundary}--\r\n`);
  const field = Object.keys(op.multipart?.properties ?? { file: {} })[0];
  const bodies: [string, Buffer, string?][] = [
    ['text as .png', Buffer.concat([part(field, 'a.png', 'not an image'.repeat(10)), end])],
    ['gif', Buffer.concat([part(field, 'a.gif', 'GIF89a' + 'x'.repeat(64)), end])],
    [
      'png magic, garbage',
      Buffer.concat([
        part(field, 'a.png', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 7)])),
        end,
      ]),
    ],
    ['empty file', Buffer.concat([part(field, 'a.jpg', ''), end])],
    ['field not a file', Buffer.concat([part(field, null, 'x'), end])],
    ['other field', Buffer.concat([part('other', 'a.jpg', '\xff\xd8\xff'), end])],
    ['two files', Buffer.concat([part(field, 'a.png', 'x'), part(field, 'b.png', 'y'), end])],
    ['unterminated', part(field, 'a.jpg', '\xff\xd8\xff\xe0')],
    ['no parts', end],
    ['bad boundary', Buffer.concat([part(field, 'a.png', 'x'), end]), 'multipart/form-data; boundary='],
    ['no boundary', Buffer.concat([part(field, 'a.png', 'x'), end]), 'multipart/form-data'],
    ['filename NUL', Buffer.concat([part(field, 'a\u0000\u202e.png', 'x'), end])],
  ];
  return bodies.map(([label, body, contentType]) => ({
    role,
    op,
    label: `multipart ${label}`,
    path,
    body: new Blob([Uint8Array.from(body)]),
    contentType: contentType ?? type,
  }));
}

// Path ids that exist nowhere: the fuzz must not disable, reset or process the real accounts it runs as.
function baseValue(doc: ApiDocument, schema: Schema | undefined): string {
  const s = resolve(doc, schema);
  return s.type === 'integer' ? '2147483647' : encodeURIComponent(String(sample(doc, s)));
}

// Routes that end the caller's own session or account go last, so the other cases run while logged in.
const endsSession = (op: Operation) => /logout|deletion-request$/.test(op.path);

describe('fuzz: no 5xx, every answer as documented', () => {
  let s: TestServer;
  let doc: ApiDocument;
  let who: Principals;
  beforeAll(async () => {
    s = await startTestServer();
    doc = await apiDocument(s);
    who = await makePrincipals(s);
  });
  afterAll(() => s.close());

  it('documents every route with request and response schemas', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(60);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/sandbox'))).toEqual([]);
    const undocumented = ops.filter((op) => {
      const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'))?.[1];
      return !ok?.content && !/logout|unlock/.test(op.path);
    });
    expect(undocumented.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('answers every bad request with a documented 4xx', async () => {
    const checker = new ResponseChecker(doc);
    const ops = operations(doc).sort((a, b) => Number(endsSession(a)) - Number(endsSession(b)));
    const failures: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    const send = async (c: Case) => {
      const url = `${s.url}${c.path}${c.query ? `?${c.query}` : ''}`;
      const headers: Record<string, string> = { ...who.headers[c.role] };
      if (c.body !== undefined) headers['Content-Type'] = c.contentType ?? 'application/json';
      const where = `${c.op.method.toUpperCase()} ${c.op.path} as ${c.role} [${c.label}]`;
      sent++;
      let res: Response;
      const call = () => fetch(url, { method: c.op.method.toUpperCase(), headers, body: c.body });
      try {
        res = await call();
      } catch {
        // A kept-alive socket the server closed as idle just as it was reused: once more on a new one.
        try {
          res = await call();
        } catch (error) {
          failures.push(`${where}: no answer (${String((error as Error).cause ?? error)})`);
          return 0;
        }
      }
      const type = res.headers.get('content-type') ?? undefined;
      const text = await res.text();
      let body: unknown = text;
      try {
        body = type?.includes('json') ? JSON.parse(text) : text;
      } catch {
        // left as text; the schema check reports it
      }
      if (res.status >= 500) failures.push(`${where} → ${res.status}: server error ${text.slice(0, 200)}`);
      else {
        const problem = checker.problem(c.op, res.status, type, body);
        if (problem) failures.push(`${where} → ${res.status}: ${problem}`);
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      return res.status;
    };
    const pool = async (cases: Case[], width = 10) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: width }, async () => {
          while (next < cases.length) await send(cases[next++]);
        }),
      );
    };

    const started = Date.now();
    for (const op of ops) {
      // Every role once; the full set of mutations as the first role the route lets through (the others
      // stop at the guard, before validation, so repeating the mutations there tests nothing new).
      const perRole = ROLES.map((role) => casesFor(doc, op, role, false));
      const statuses = await Promise.all(perRole.map(([baseline]) => send(baseline)));
      const first = statuses.findIndex((status) => status !== 401 && status !== 403);
      const cases = perRole.flatMap(([, ...rest], i) =>
        i === first ? casesFor(doc, op, ROLES[i], true).slice(1) : rest,
      );
      await pool(cases);
    }
    console.log(
      `fuzz: ${sent} requests over ${ops.length} operations × ${ROLES.length} roles in ${Date.now() - started} ms, ` +
        `${failures.length} failures; by status ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(failures).toEqual([]);
  });

  it('the generated response schemas are current', () => {
    const script = join(__dirname, '..', '..', 'scripts', 'gen-api-responses.mjs');
    expect(() => execFileSync('node', [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
