// TypeDoc plugin for the comments OpenAPI Generator 5.0.0-beta2 writes into generated/ (which is
// never edited by hand), so `npm run docs` can fail on every warning about our own code while the
// generated code is documented as well as openapi.yaml describes it. src/ is left alone.
// 1. JSDoc-style `@export` / `@memberof` tags: declared and dropped in typedoc.config.mjs.
// 2. `@param authRequest` / `@param options` on the *Raw methods of AuthApiInterface name the
//    parameters the methods had before `useSingleRequestParameter` folded them into one object;
//    they match nothing and are removed before TypeDoc checks @param names.
// 3. The generator writes no comment for its (de)serialisation helpers and runtime plumbing, nor
//    for schema fields that openapi.yaml leaves without a description. "Not documented" is reported
//    for src/ as an error, and for generated/ as a count (the names at --logLevel Verbose): add
//    descriptions to openapi.yaml, not comments to generated/.
import { Converter, ReflectionKind } from 'typedoc';

const GENERATED_SOURCE = /[\\/]generated[\\/]/;
const UNDOCUMENTED_IN_GENERATED = /, defined in [^,]*\/generated\/[^,]*, does not have any documentation$/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE,
    (_context, reflection) => {
      if (!reflection.kindOf(ReflectionKind.CallSignature)) return;
      const comment = reflection.comment;
      if (!comment?.sourcePath || !GENERATED_SOURCE.test(comment.sourcePath)) return;
      const names = new Set((reflection.parameters ?? []).map((parameter) => parameter.name));
      comment.blockTags = comment.blockTags.filter((tag) => tag.tag !== '@param' || names.has(tag.name ?? ''));
    },
    // Before TypeDoc's own comment plugin (priority 0), which warns about an unmatched @param.
    100,
  );

  const logger = app.logger;
  const validationWarning = logger.validationWarning.bind(logger);
  let undocumentedGenerated = 0;
  logger.validationWarning = (text, ...rest) => {
    if (typeof text === 'string' && UNDOCUMENTED_IN_GENERATED.test(text)) {
      undocumentedGenerated += 1;
      logger.verbose(text);
      return;
    }
    validationWarning(text, ...rest);
  };
  app.on('validateProject', () => {
    if (undocumentedGenerated > 0) {
      logger.info(`${undocumentedGenerated} declarations in generated/ have no description (listed with --logLevel Verbose)`);
    }
  });
}
