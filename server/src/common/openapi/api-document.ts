import type { INestApplication } from '@nestjs/common';
import { GUARDS_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ERRORS, ErrorCode } from '@member/shared';
// class-transformer keeps its @Type() metadata here; the schema builder follows nested DTOs through it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage');
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { INT_MAX } from '../edge/edge-limits';
import type { DtoClass } from '../nullable';
import { API_RESPONSE_COMPONENTS, API_RESPONSES } from './api-responses.generated';

// The OpenAPI document: Nest's scan gives paths and operations; request schemas come from the DTOs'
// class-validator rules (the rules that actually run), response schemas and error codes from the build-time
// reading of the controllers' return types (api-responses.generated.ts). The sandbox is not part of the API.

type Schema = SchemaObject & Record<string, unknown>;
interface RouteInputs {
  body?: DtoClass;
  query?: DtoClass;
  params: { name: string; type?: DtoClass }[];
  guarded: boolean;
}

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Object, Array, undefined]);
const REF = '#/components/schemas/';

/** operationId (Controller_method) → what the route takes, read from Nest's own route metadata. */
function routeInputs(app: INestApplication): Map<string, RouteInputs> {
  const out = new Map<string, RouteInputs>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as (DtoClass & { prototype: Record<string, unknown> }) | null;
      if (!cls) continue;
      const classGuards = (Reflect.getMetadata(GUARDS_METADATA, cls) ?? []).length > 0;
      for (const key of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = cls.prototype[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const args: Record<string, { index: number; data?: string }> =
          Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, key) ?? {};
        const types: DtoClass[] = Reflect.getMetadata('design:paramtypes', cls.prototype, key) ?? [];
        const inputs: RouteInputs = {
          params: [],
          guarded: classGuards || (Reflect.getMetadata(GUARDS_METADATA, handler) ?? []).length > 0,
        };
        for (const [argKey, arg] of Object.entries(args)) {
          const kind = Number(argKey.split(':')[0]);
          const type = types[arg.index];
          const dto = PRIMITIVES.has(type) ? undefined : type;
          if (kind === RouteParamtypes.BODY && !arg.data) inputs.body = dto;
          else if (kind === RouteParamtypes.QUERY && !arg.data) inputs.query = dto;
          else if (kind === RouteParamtypes.PARAM) inputs.params.push({ name: arg.data ?? '', type });
        }
        out.set(`${cls.name}_${key}`, inputs);
      }
    }
  }
  return out;
}

/** Every DTO's JSON schema from its class-validator rules; unknown fields are refused (forbidNonWhitelisted). */
function requestSchemas(): Record<string, Schema> {
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: REF,
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as Record<string, Schema>;
  for (const schema of Object.values(schemas)) schema.additionalProperties = false;
  return schemas;
}

/** Body of every failure: `{ code, message, details? }` (details: the fields that failed validation). */
const API_ERROR: Schema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: Object.values(ErrorCode) },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** An ApiError whose code is one of `codes` (those this route can answer with this status). */
const errorSchema = (codes: ErrorCode[]): Schema => ({
  allOf: [{ $ref: REF + 'ApiError' }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }],
  example: { code: codes[0], message: ERRORS[codes[0]].message },
});

/** The error answers of one route, grouped by status, each naming the codes it can carry. */
function errorResponses(codes: Set<ErrorCode>): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes].sort()) {
    const { status } = ERRORS[code];
    if (status >= 500) continue;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((c) => `${c}：${ERRORS[c].message}`).join('；'),
        content: { 'application/json': { schema: errorSchema(list) } },
      },
    ]),
  );
}

/** WeChat Pay's notification callbacks answer in WeChat's format, not ApiError: `{code: 'FAIL', message}`. */
const WECHAT_PAY_FAIL: ResponseObject = {
  description: '通知未通过验签、解密或暂时无法处理：微信支付将按其重试策略再次通知',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { code: { type: 'string', enum: ['FAIL'] }, message: { type: 'string' } },
        required: ['code', 'message'],
      },
    },
  },
};

function collectRefs(schema: unknown, into: Set<string>): void {
  if (!schema || typeof schema !== 'object') return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF)) into.add(value.slice(REF.length));
    else collectRefs(value, into);
  }
}

function queryParameters(schema: Schema | undefined): ParameterObject[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: s as SchemaObject,
  }));
}

export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('会员平台 API')
    .setDescription(
      '失败时统一返回 `{ code, message, details? }`（message 为中文，details 列出有误的字段）；各接口列出可能返回的错误码。',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  const inputs = routeInputs(app);
  const dtoSchemas = requestSchemas();
  const used = new Set<string>();

  for (const path of Object.keys(doc.paths)) {
    if (path.startsWith('/sandbox')) {
      delete doc.paths[path];
      continue;
    }
    const item = doc.paths[path] as Record<string, OperationObject>;
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const route = inputs.get(op.operationId ?? '');
      const answer = API_RESPONSES[op.operationId ?? ''];
      const codes = new Set<ErrorCode>((answer?.errors ?? []) as ErrorCode[]);

      if (route?.body && dtoSchemas[route.body.name]) {
        op.requestBody = {
          required: true,
          content: { 'application/json': { schema: { $ref: REF + route.body.name } } },
        };
        used.add(route.body.name);
        codes.add(ErrorCode.PAYLOAD_TOO_LARGE);
      }
      const params: ParameterObject[] = ((op.parameters ?? []) as ParameterObject[]).filter((p) => p.in !== 'query');
      // A whole-object @Param() DTO is not seen by Nest's scan: add its path parameters from the template.
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        if (!params.some((x) => x.in === 'path' && x.name === name)) params.push({ name, in: 'path', required: true });
      }
      for (const p of params.filter((x) => x.in === 'path')) {
        const declared = route?.params.find((x) => x.name === p.name || x.name === '');
        if (declared?.type === Number) p.schema = { type: 'integer', minimum: 1, maximum: INT_MAX };
        else if (declared?.type && dtoSchemas[declared.type.name]?.properties?.[p.name]) {
          p.schema = dtoSchemas[declared.type.name].properties![p.name] as SchemaObject;
        }
        p.required = true;
      }
      params.push(...queryParameters(route?.query && dtoSchemas[route.query.name]));
      op.parameters = params;
      if (route?.body || params.length) codes.add(ErrorCode.VALIDATION_FAILED);
      if (route?.guarded) codes.add(ErrorCode.UNAUTHENTICATED);

      const okStatus = Object.keys(op.responses).find((s) => s.startsWith('2')) ?? (method === 'post' ? '201' : '200');
      const ok: ResponseObject = { description: 'OK' };
      if (answer?.binary) ok.content = { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
      else if (answer?.schema) ok.content = { 'application/json': { schema: answer.schema as SchemaObject } };
      op.responses = op.tags?.includes('wechat-pay')
        ? { [okStatus]: ok, '400': WECHAT_PAY_FAIL, '401': WECHAT_PAY_FAIL, '500': WECHAT_PAY_FAIL }
        : { [okStatus]: ok, ...errorResponses(codes) };
      collectRefs(op, used);
    }
  }

  // Components: the DTOs and contracts the operations use, and whatever those refer to.
  const schemas: Record<string, SchemaObject> = {};
  const queue = [...used];
  while (queue.length) {
    const name = queue.pop()!;
    if (schemas[name]) continue;
    const schema = (dtoSchemas[name] ?? API_RESPONSE_COMPONENTS[name]) as Schema | undefined;
    if (!schema) continue;
    schemas[name] = schema;
    const refs = new Set<string>();
    collectRefs(schema, refs);
    queue.push(...refs);
  }
  doc.components = { ...doc.components, schemas: { ApiError: API_ERROR, ...schemas } };
  doc.tags = doc.tags?.filter((t) => t.name !== 'sandbox');
  return doc;
}
