import { requestSchemas } from '../../src/sandbox/schemas';
import { assertSupportedSchema } from '../../src/sandbox/schema-validator';
import { spec } from './openapi';

const ANNOTATIONS = new Set(['description', 'example', 'examples', 'title']);

/** A schema with its annotations removed: what the sandbox embeds. */
function validationKeywords(schema: any): any {
  const kept: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    kept[keyword] =
      keyword === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([name, property]) => [name, validationKeywords(property)]))
        : value;
  }
  return kept;
}

/** Component names reachable through $ref from `schema`. */
function referenced(schema: any, found = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return found;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (!found.has(name)) {
      found.add(name);
      referenced(spec.components.schemas[name], found);
    }
  }
  for (const value of Object.values(schema)) referenced(value, found);
  return found;
}

describe('schemas embedded in the sandbox', () => {
  it.each(Object.keys(requestSchemas))('%s matches openapi.yaml components.schemas', (name) => {
    expect(spec.components.schemas[name]).toBeDefined();
    expect(requestSchemas[name as keyof typeof requestSchemas]).toEqual(validationKeywords(spec.components.schemas[name]));
  });

  it('are exactly the schemas the two request bodies reach', () => {
    const reached = new Set<string>();
    for (const path of ['/auth', '/connect_token']) {
      referenced(spec.paths[path].post.requestBody.content['application/json'].schema, reached);
    }
    expect([...reached].sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it('keep the spec’s required flags: /auth needs a body, /connect_token does not', () => {
    // The sandbox routes hard-code these two flags (parseJsonBody's `required`).
    expect(spec.paths['/auth'].post.requestBody.required).toBe(true);
    expect(spec.paths['/connect_token'].post.requestBody.required).toBe(false);
  });

  it.each(Object.keys(spec.components.schemas))('%s uses only keywords the sandbox validator implements', (name) => {
    expect(() => assertSupportedSchema(spec.components.schemas[name], name)).not.toThrow();
  });
});
