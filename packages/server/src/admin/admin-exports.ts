// What the package exports for administration tools (the `rtc-openapi admin` command, a console), re-exported by
// the package index with one line: `export * from './admin/admin-exports.js';`.
export { openServices, type OpenServicesOptions, type Services } from '../store/open-services.js';
export { AdminOperations, type AdminChange, type AdminServices } from './admin-operations.js';
export { createAdminHandler, generateAdminToken, type AdminHttpOptions } from './admin-http.js';
export type { AuditQuery } from './audit-log.js';
export type { AuditEntry } from './audit-store.js';
export { RecordError } from '../store/record-error.js';
export { openKeptUploads } from './kept-uploads.js';
export { seedDevAccount, DEV_DEFAULTS, type DevSeed } from '../identity/dev-seed.js';
export { generateMasterKey } from '../identity/master-key.js';
export { DATABASE_FILE_NAME } from '../store/database.js';
