// Starts the audit worker from the TypeScript sources (tests, `tsx`, `--conditions=source`). On Node 20, tsx installs
// its loader in the main thread only, so this worker installs it before importing its entry. The build has no need
// of this file: it starts dist/audit-worker.js, compiled from the same entry.
import { register } from 'tsx/esm/api';

register();
await import('./audit-worker.ts');
