import type { App } from '../../apps/app-service.js';
import { ApiError } from '../../errors/api-error.js';
import { RecordError } from '../../store/record-error.js';

/** Catalog section 2.2 "App & business-id management": apps run at 1, disabled apps at 98. */
const INSTANCE_STATUS_RUNNING = 1;
const INSTANCE_STATUS_DISABLED = 98;

/** Every app lives in the one project we have, `default`; another project name lists nothing. */
export function inDefaultProject(projectName: string | undefined): boolean {
  return projectName === undefined || projectName === '' || projectName === 'default';
}

export function instanceStatusOf(app: App): number {
  return app.status === 'enabled' ? INSTANCE_STATUS_RUNNING : INSTANCE_STATUS_DISABLED;
}

/** No billing here: the instance id is derived from the AppId so it is stable across calls. */
export function instanceIdOf(appId: string): string {
  return `rtc-${appId}`;
}

/** A stored toISOString() time as RFC 3339 to the second (the catalog's form). */
export function rfc3339(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** Service field names to the wire's. */
const WIRE_FIELDS: Readonly<Record<string, string>> = { name: 'AppName', appId: 'AppId' };

/** A store's RecordError as the catalog code that names the field; anything else unchanged. */
export function toApiError(error: unknown): unknown {
  if (!(error instanceof RecordError)) return error;
  const field = error.field === undefined ? undefined : (WIRE_FIELDS[error.field] ?? error.field);
  if (error.kind === 'not-found' && field === 'AppId') {
    return new ApiError('InvalidParameter.NotExistAppId', error.message);
  }
  const message = field !== undefined && !error.message.includes(field) ? `${field}: ${error.message}` : error.message;
  return new ApiError('InvalidParameter', message);
}

export function rethrowAsApiError(error: unknown): never {
  throw toApiError(error);
}
