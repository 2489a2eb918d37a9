import type { TableColumnOptions } from 'typeorm';

// Column builders shared by migrations so that both drivers get the same schema the entities describe.
export const idColumn = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});

export const intColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
});

export const varchar = (name: string, length: number, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: false,
  ...opts,
});

export const boolColumn = (name: string, defaultValue: boolean): TableColumnOptions => ({
  name,
  // MySQL stores boolean as tinyint(1); entities declare width: 1 so the schema diff agrees.
  type: 'boolean',
  isNullable: false,
  default: defaultValue ? 1 : 0,
});

export const timeColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});

export const textColumn = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });

export const timestamps = (): TableColumnOptions[] => [timeColumn('created_at'), timeColumn('updated_at')];
