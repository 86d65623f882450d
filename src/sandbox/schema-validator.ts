/**
 * A validator for the small JSON Schema subset openapi.yaml uses. The sandbox has no runtime
 * dependencies, so it cannot load ajv; test/sandbox/schema-validator.test.ts checks that this one
 * agrees with ajv on generated inputs.
 */
export interface Schema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'null';
  required?: readonly string[];
  properties?: Readonly<Record<string, Schema>>;
  format?: 'uuid';
  $ref?: string;
}

export interface ValidationIssue {
  /** Dotted path of the offending value, e.g. `options.webhookUrl`; empty for the body itself. */
  path: string;
  message: string;
}

const VALIDATION_KEYWORDS = new Set(['type', 'required', 'properties', 'format', '$ref']);
const ANNOTATION_KEYWORDS = new Set(['description', 'example', 'examples', 'title']);
const TYPES = new Set(['object', 'string', 'number', 'integer', 'boolean', 'array', 'null']);
const FORMATS = new Set(['uuid']);
const REF_PREFIX = '#/components/schemas/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Throws when a schema uses a keyword, type or format this validator does not implement, so a
 * spec change can never be silently ignored.
 */
export function assertSupportedSchema(schema: unknown, where = 'schema'): void {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new Error(`${where} is not a schema object`);
  }
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATION_KEYWORDS.has(keyword)) continue;
    if (!VALIDATION_KEYWORDS.has(keyword)) throw new Error(`${where} uses unsupported keyword "${keyword}"`);
    if (keyword === 'type' && !TYPES.has(value as string)) throw new Error(`${where} uses unsupported type ${JSON.stringify(value)}`);
    if (keyword === 'format' && !FORMATS.has(value as string)) throw new Error(`${where} uses unsupported format ${JSON.stringify(value)}`);
    if (keyword === '$ref' && !(typeof value === 'string' && value.startsWith(REF_PREFIX))) {
      throw new Error(`${where} has a $ref outside ${REF_PREFIX}`);
    }
    if (keyword === 'properties') {
      for (const [name, property] of Object.entries(value as object)) assertSupportedSchema(property, `${where}.properties.${name}`);
    }
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value: unknown, type: NonNullable<Schema['type']>): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeOf(value) === type;
  }
}

const ARTICLE: Record<string, string> = { object: 'an object', integer: 'an integer', array: 'an array', null: 'null' };

function describe(path: string): string {
  return path === '' ? 'request body' : path;
}

function join(path: string, property: string): string {
  return path === '' ? property : `${path}.${property}`;
}

/**
 * Returns every problem found (empty when valid). Messages name the offending path but never echo
 * the value: a body may hold a client secret.
 */
export function validate(
  schema: Schema,
  value: unknown,
  components: Readonly<Record<string, Schema>>,
  path = '',
): ValidationIssue[] {
  if (schema.$ref !== undefined) {
    const target = components[schema.$ref.slice(REF_PREFIX.length)];
    if (target === undefined) throw new Error(`unresolved $ref ${schema.$ref}`);
    return validate(target, value, components, path);
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    const expected = ARTICLE[schema.type] ?? `a ${schema.type}`;
    return [{ path, message: `${describe(path)} must be ${expected}, got ${typeOf(value)}` }];
  }
  const issues: ValidationIssue[] = [];
  if (schema.format === 'uuid' && typeof value === 'string' && !UUID.test(value)) {
    issues.push({ path, message: `${describe(path)} must be a UUID (like 123e4567-e89b-12d3-a456-426614174000)` });
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(record, name)) {
        issues.push({ path: join(path, name), message: `${join(path, name)} is required` });
      }
    }
    for (const [name, propertySchema] of Object.entries(schema.properties ?? {})) {
      if (Object.prototype.hasOwnProperty.call(record, name)) {
        issues.push(...validate(propertySchema, record[name], components, join(path, name)));
      }
    }
  }
  return issues;
}
