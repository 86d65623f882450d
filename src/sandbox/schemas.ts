import type { Schema } from './schema-validator';

/**
 * The request schemas of openapi.yaml's `components.schemas`, validation keywords only (the sandbox
 * ships without the spec file and without a YAML parser). test/sandbox/embedded-schemas.test.ts
 * fails as soon as these drift from the spec.
 */
export const requestSchemas: Readonly<Record<'AuthRequest' | 'ConnectTokenRequest' | 'ItemOptions', Schema>> = {
  AuthRequest: {
    type: 'object',
    required: ['clientId', 'clientSecret'],
    properties: {
      clientId: { type: 'string', format: 'uuid' },
      clientSecret: { type: 'string' },
    },
  },
  ConnectTokenRequest: {
    type: 'object',
    properties: {
      itemId: { type: 'string', format: 'uuid' },
      options: { $ref: '#/components/schemas/ItemOptions' },
    },
  },
  ItemOptions: {
    type: 'object',
    properties: {
      clientUserId: { type: 'string' },
      webhookUrl: { type: 'string' },
      oauthRedirectUri: { type: 'string' },
      avoidDuplicates: { type: 'boolean' },
    },
  },
};
