import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppException } from './app-exception';
import { INT_MAX } from './edge/edge-limits';
import { isNullableField, type DtoClass } from './nullable';
import { MULTI_LINE_TEXT } from './text.validator';
import { fastPathFor } from './validation-fast-path';
import { zhValidationMessage } from './validation-messages';

type Detail = { field: string; message: string };

function flatten(errors: ValidationError[], prefix = ''): Detail[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: zhValidationMessage(message, field),
    }));
    return own.concat(flatten(e.children ?? [], field));
  });
}

// Half of a UTF-16 pair ("\ud800" in JSON): not text, and MySQL would store it as U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Object, Array, undefined]);

/**
 * Rules every field obeys whatever its DTO says, checked on the raw input before class-transformer runs:
 * no null unless the field is @Nullable(), no number beyond the INT columns, no control or bidi characters
 * in any string. DTO decorators state the finer rules (and publish them in the OpenAPI document).
 */
function edgeProblems(value: unknown, type: DtoClass | undefined, path: string, out: Detail[]): Detail[] {
  if (out.length >= 20) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => edgeProblems(item, undefined, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (v === null) {
        if (!type || !isNullableField(type, key)) out.push({ field, message: `${field} 不能为空值 (null)` });
      } else if (typeof v === 'object') {
        const nested: unknown = type && Reflect.getMetadata('design:type', type.prototype, key);
        edgeProblems(v, PRIMITIVES.has(nested) ? undefined : (nested as DtoClass), field, out);
      } else edgeProblems(v, undefined, field, out);
    }
  } else if (typeof value === 'number' && (!Number.isFinite(value) || Math.abs(value) > INT_MAX)) {
    out.push({ field: path, message: `${path} 超出允许的范围` });
  } else if (typeof value === 'string' && !MULTI_LINE_TEXT.test(value)) {
    out.push({ field: path, message: `${path} 不能包含控制字符或文字方向控制符` });
  } else if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
    out.push({ field: path, message: `${path} 含有无效的字符` });
  }
  return out;
}

const failed = (details: Detail[]) =>
  new AppException(
    ErrorCode.VALIDATION_FAILED,
    `提交的内容有误：${[...new Set(details.map((d) => d.field))].join('、')}`,
    details,
  );

/** Path ids are INT primary keys: 1 … 2147483647 in plain digits (no 1e3, no 0x10, no 99999999999). */
function checkIdParam(value: unknown, name: string): void {
  if (typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= INT_MAX) return;
  throw failed([{ field: name, message: `${name} 必须是 1 到 ${INT_MAX} 之间的整数` }]);
}

class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' && metadata.metatype === Number) checkIdParam(value, metadata.data ?? 'id');
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const type = PRIMITIVES.has(metadata.metatype) ? undefined : metadata.metatype;
      const problems = edgeProblems(metadata.data ? { [metadata.data]: value } : value, type, '', []);
      if (problems.length) throw failed(problems);
    }
    // A whole JSON body that passes every rule skips class-transformer/class-validator (same instance).
    if (metadata.type === 'body' && !metadata.data && value !== null && typeof value === 'object') {
      const entity = fastPathFor(metadata.metatype)?.(value as Record<string, unknown>);
      if (entity) return entity;
    }
    return super.transform(value, metadata);
  }
}

/** DTO validation: unknown fields are rejected, and every bad field is listed in `details`. */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => failed(flatten(errors)),
  });
}
