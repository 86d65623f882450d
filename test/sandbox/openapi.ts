import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** openapi.yaml, parsed (read from the repository, which is where the tests run). */
export const spec = parse(readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8'));

const SPEC_ID = 'openapi.yaml';

/** ajv over the spec's components; `strict: false` because OpenAPI adds keywords (`example`) ajv does not know. */
export function specAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: spec.components });
  return ajv;
}

export function componentValidator(ajv: Ajv, name: string): ValidateFunction {
  const validateFn = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
  if (validateFn === undefined) throw new Error(`openapi.yaml has no components.schemas.${name}`);
  return validateFn;
}

/** Follows a local `$ref` (`#/a/b`) inside the spec document. */
export function deref<T = any>(node: any): T {
  if (node?.$ref === undefined) return node;
  return deref((node.$ref as string).slice(2).split('/').reduce((at: any, key: string) => at[key], spec));
}

/** The documented response of `POST path` for `status`, or undefined when the spec does not list it. */
export function documentedResponse(path: string, status: number): any | undefined {
  const response = spec.paths[path]?.post?.responses?.[String(status)];
  return response === undefined ? undefined : deref(response);
}
