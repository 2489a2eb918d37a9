import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';

// The accept-only shortcut of the validation pipe for flat JSON bodies (a sale at the counter, a claim):
// class-transformer + class-validator cost about as much CPU per request as a SQL round trip, mostly in
// looking up and filtering the same metadata again. Per DTO class, the rules class-validator would run are
// gathered once; a body that passes every one of them, with nothing class-validator would strip or
// transform, becomes the same instance plainToInstance would build. Anything else — a failing rule, an
// unknown field, a nested value — goes the full way, so every 400 body still comes from class-validator.

// class-transformer keeps @Type/@Transform/@Expose/@Exclude here (not in its typings' entry point).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage: transformerMetadata } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: object, property: string): unknown;
    findTransformMetadatas(target: object, property: string, transformationType: number): unknown[];
    getExposedMetadatas(target: object): unknown[];
    getExcludedMetadatas(target: object): unknown[];
  };
};
const PLAIN_TO_CLASS = 0; // class-transformer's TransformationType.PLAIN_TO_CLASS

type Dto = new () => object;
type Check = { validator: ValidatorConstraintInterface; property: string; constraints: unknown[] };
type Rule = { property: string; conditions: ((object: object, value: unknown) => boolean)[]; checks: Check[] };
/** Builds the validated instance of a body, or null: then the full pipe decides (and words the 400). */
export type FastPath = (body: Record<string, unknown>) => object | null;

const plans = new WeakMap<Dto, FastPath | null>();

/**
 * The rules class-validator would apply to `type` with the pipe's options (whitelist, no groups, no
 * `always`), or null when the class uses anything the shortcut does not reproduce exactly: nested or
 * promise validation, groups, async constraints, class-transformer metadata, accessors.
 */
function rulesOf(type: Dto): Rule[] | null {
  const storage = getMetadataStorage();
  // The executor's own call for validate(instance) with the pipe's options: no schema, groups or `always`.
  const metadatas = storage.getTargetValidationMetadatas(type, undefined as unknown as string, false, false, undefined);
  if (!metadatas.length) return null;
  if (transformerMetadata.getExposedMetadatas(type).length || transformerMetadata.getExcludedMetadatas(type).length) {
    return null;
  }
  const rules: Rule[] = [];
  for (const [property, list] of Object.entries(storage.groupByPropertyName(metadatas))) {
    if (
      transformerMetadata.findTypeMetadata(type, property) ||
      transformerMetadata.findTransformMetadatas(type, property, PLAIN_TO_CLASS).length ||
      hasAccessor(type, property)
    ) {
      return null;
    }
    const rule: Rule = { property, conditions: [], checks: [] };
    for (const m of list) {
      // `each` is kept: on the primitive values the shortcut takes, class-validator checks the value itself.
      if (m.groups?.length || m.always) return null;
      if (m.type === ValidationTypes.WHITELIST) continue;
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        rule.conditions.push(m.constraints[0] as Rule['conditions'][number]);
      } else if (m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED) {
        for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
          if (c.async) return null;
          rule.checks.push({ validator: c.instance, property: m.propertyName, constraints: m.constraints });
        }
      } else return null;
    }
    rules.push(rule);
  }
  return rules;
}

/** A getter, setter or method of that name on the class: class-transformer would skip the field. */
function hasAccessor(type: Dto, property: string): boolean {
  for (let p: object | null = type.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object) {
    if (Object.getOwnPropertyDescriptor(p, property)) return true;
  }
  return false;
}

function compile(type: Dto): FastPath | null {
  const rules = rulesOf(type);
  if (!rules) return null;
  const allowed = new Set(rules.map((r) => r.property));
  return (body) => {
    // JSON.parse's plain objects only (a urlencoded form has a null prototype), with primitive values:
    // class-transformer copies those as they are and rebuilds anything else.
    if (Object.getPrototypeOf(body) !== Object.prototype) return null;
    const entity = new type() as Record<string, unknown>;
    for (const key of Object.keys(body)) {
      const value = body[key];
      if (!allowed.has(key) || (value !== null && typeof value === 'object')) return null;
      entity[key] = value;
    }
    // Field initialisers of the class are on the instance too; whitelist would reject undecorated ones.
    for (const key of Object.keys(entity)) if (!allowed.has(key)) return null;
    for (const rule of rules) {
      const value = entity[rule.property];
      if (!rule.conditions.every((condition) => condition(entity, value))) continue;
      for (const check of rule.checks) {
        const args: ValidationArguments = {
          targetName: type.name,
          property: check.property,
          object: entity,
          value,
          constraints: check.constraints,
        };
        // A promise (an async rule registered as sync) or a failure: the full pipe answers.
        if (check.validator.validate(value, args) !== true) return null;
      }
    }
    return entity;
  };
}

/** The shortcut for a body DTO class, built on first use (every decorator has run by then). */
export function fastPathFor(type: unknown): FastPath | null {
  if (typeof type !== 'function' || !type.prototype) return null;
  const dto = type as Dto;
  let plan = plans.get(dto);
  if (plan === undefined) plans.set(dto, (plan = compile(dto)));
  return plan;
}
