export * from './AuthRequest';
export * from './AuthResponse';
export * from './ConnectTokenRequest';
export * from './ConnectTokenResponse';
export * from './GlobalErrorResponse';
export * from './ItemOptions';
export * from './NotAuthenticatedResponse';
