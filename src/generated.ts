/**
 * The raw client that OpenAPI Generator makes of `openapi.yaml`, with no wrapper: {@link AuthApi},
 * {@link Configuration}, the models and the generated runtime. Import it as
 * `@pluggy-auth/sdk/generated` when you want the generated surface on its own; it does no API-key
 * caching, retries or error mapping.
 *
 * @module generated
 */
export * from '../generated';
