import { adminMigrations } from '../admin/migrations.js';
import { appsMigrations } from '../apps/migrations.js';
import { billingMigrations } from '../billing/migrations.js';
import { identityMigrations } from '../identity/migrations.js';
import { moderationMigrations } from '../moderation/migrations.js';
import { roomsMigrations } from '../rooms/migrations.js';
import { tasksMigrations } from '../tasks/migrations.js';
import { voiceMigrations } from '../voice/migrations.js';
import { vendorPolicyMigrations } from '../vendor-policies/migrations.js';
import { whiteboardMigrations } from '../whiteboard/migrations.js';
import type { Migration } from './migration.js';

/**
 * Every domain's migrations, applied in this order on start. A domain appends its list here with one import line;
 * later domains may reference earlier ones' tables (apps reference accounts).
 */
export const migrations: readonly Migration[] = [
  ...identityMigrations,
  ...appsMigrations,
  ...adminMigrations,
  ...roomsMigrations,
  ...tasksMigrations,
  ...voiceMigrations,
  ...vendorPolicyMigrations,
  ...billingMigrations,
  ...whiteboardMigrations,
  ...moderationMigrations,
];
