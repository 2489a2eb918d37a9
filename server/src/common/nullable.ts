/** A DTO class as seen at run time (design:type, route metadata). */
export type DtoClass = { name: string; prototype: object };

const NULLABLE = Symbol('nullable-fields');

/** Marks a DTO field that may be sent as `null` (to clear it). Every other field rejects null at the edge. */
export function Nullable(): PropertyDecorator {
  return (target, key) => {
    const own: Set<string | symbol> =
      Reflect.getOwnMetadata(NULLABLE, target) ?? new Set(Reflect.getMetadata(NULLABLE, target) ?? []);
    own.add(key);
    Reflect.defineMetadata(NULLABLE, own, target);
  };
}

export function isNullableField(type: DtoClass, key: string): boolean {
  const fields: Set<string | symbol> | undefined = Reflect.getMetadata(NULLABLE, type.prototype);
  return fields?.has(key) ?? false;
}
