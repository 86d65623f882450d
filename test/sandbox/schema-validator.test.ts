import fc from 'fast-check';
import { requestSchemas } from '../../src/sandbox/schemas';
import { assertSupportedSchema, validate, type Schema } from '../../src/sandbox/schema-validator';
import { componentValidator, specAjv } from './openapi';

describe('sandbox schema validator', () => {
  it('reports the path and the expected type', () => {
    expect(validate(requestSchemas.ConnectTokenRequest, { options: { avoidDuplicates: 1 } }, requestSchemas)).toEqual([
      { path: 'options.avoidDuplicates', message: 'options.avoidDuplicates must be a boolean, got number' },
    ]);
  });

  it('treats integer as a whole number and number as any number', () => {
    const schema: Schema = { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'number' } } };
    expect(validate(schema, { a: 1, b: 1.5 }, {})).toEqual([]);
    expect(validate(schema, { a: 1.5 }, {})).toEqual([{ path: 'a', message: 'a must be an integer, got number' }]);
  });

  it('does not take inherited properties for present ones', () => {
    const issues = validate(requestSchemas.AuthRequest, Object.create({ clientId: 'x', clientSecret: 'y' }), requestSchemas);
    expect(issues.map((issue) => issue.path)).toEqual(['clientId', 'clientSecret']);
  });

  it('throws on a $ref it cannot resolve', () => {
    expect(() => validate({ $ref: '#/components/schemas/Nope' }, {}, {})).toThrow('unresolved $ref');
  });

  it.each<[string, unknown, string]>([
    ['an unknown keyword', { type: 'string', maxLength: 3 }, 'unsupported keyword "maxLength"'],
    ['a nested unknown keyword', { type: 'object', properties: { a: { enum: [1] } } }, 'schema.properties.a uses unsupported keyword "enum"'],
    ['an unknown format', { type: 'string', format: 'email' }, 'unsupported format'],
    ['an unknown type', { type: 'date' }, 'unsupported type'],
    ['a remote $ref', { $ref: 'other.yaml#/X' }, '$ref outside'],
  ])('refuses a schema with %s instead of ignoring it', (_, schema, message) => {
    expect(() => assertSupportedSchema(schema)).toThrow(message);
  });

  describe('agrees with ajv + ajv-formats on the spec schemas', () => {
    const ajv = specAjv();
    const keys = ['clientId', 'clientSecret', 'itemId', 'options', 'clientUserId', 'webhookUrl', 'oauthRedirectUri', 'avoidDuplicates', 'other'];
    const leaf = fc.oneof(
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const { json } = fc.letrec((tie) => ({
      json: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), fc.array(tie('json'), { maxLength: 3 })),
      object: fc.dictionary(fc.constantFrom(...keys), tie('json'), { maxKeys: 5 }),
    }));
    const nearlyValid = fc.record(
      {
        clientId: fc.oneof(fc.uuid(), fc.string()),
        clientSecret: fc.oneof(fc.string(), fc.integer()),
        itemId: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
        options: fc.record(
          { clientUserId: fc.string(), webhookUrl: fc.string(), oauthRedirectUri: fc.string(), avoidDuplicates: fc.oneof(fc.boolean(), fc.string()) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );

    it.each(Object.keys(requestSchemas) as Array<keyof typeof requestSchemas>)('%s', (name) => {
      const ajvValidate = componentValidator(ajv, name);
      const verdicts = { valid: 0, invalid: 0 };
      fc.assert(
        fc.property(fc.oneof(json, { arbitrary: nearlyValid, weight: 3 }, nearlyValid.map((value) => value.options)), (value) => {
          const valid = ajvValidate(value);
          expect(validate(requestSchemas[name], value, requestSchemas).length === 0).toBe(valid);
          verdicts[valid ? 'valid' : 'invalid'] += 1;
        }),
        { numRuns: 500 },
      );
      // The comparison means something only if both verdicts came up often.
      expect(Math.min(verdicts.valid, verdicts.invalid)).toBeGreaterThan(25);
    });
  });
});
