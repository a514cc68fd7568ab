import type { AdminOperations } from './admin-operations.js';

type Input = Record<string, unknown>;

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below `/admin`, `:name` marking a segment. */
  path: string;
  /** 200 by default; 201 for creations; 204 answers without a body. */
  status?: 201 | 204;
  run(ops: AdminOperations, args: Readonly<Record<string, string>>, body: Input, query: Input): Promise<unknown>;
}

/** The admin API, one line per operation (documented in docs/admin-api.md). */
export const adminRoutes: readonly AdminRoute[] = [
  { method: 'GET', path: '/accounts', run: (ops, _a, _b, q) => ops.listAccounts(q) },
  { method: 'POST', path: '/accounts', status: 201, run: (ops, _a, b) => ops.createAccount(b) },
  { method: 'GET', path: '/accounts/:accountId', run: (ops, a) => ops.getAccount(a.accountId!) },
  { method: 'PUT', path: '/accounts/:accountId/rtc', run: (ops, a, b) => ops.setRtcEnabled(a.accountId!, b) },
  { method: 'GET', path: '/accounts/:accountId/users', run: (ops, a) => ops.listUsers(a.accountId!) },
  {
    method: 'POST',
    path: '/accounts/:accountId/users',
    status: 201,
    run: (ops, a, b) => ops.createUser(a.accountId!, b),
  },
  {
    method: 'GET',
    path: '/accounts/:accountId/keys',
    run: (ops, a) => ops.listAccessKeys({ accountId: a.accountId! }),
  },
  {
    method: 'POST',
    path: '/accounts/:accountId/keys',
    status: 201,
    run: (ops, a) => ops.createAccessKey({ accountId: a.accountId! }),
  },
  {
    method: 'POST',
    path: '/accounts/:accountId/temporary-keys',
    status: 201,
    run: (ops, a, b) => ops.issueTemporaryKey({ accountId: a.accountId! }, b),
  },
  {
    method: 'GET',
    path: '/accounts/:accountId/apps',
    run: (ops, a, _b, q) => ops.listApps({ ...q, accountId: a.accountId }),
  },
  {
    method: 'POST',
    path: '/accounts/:accountId/apps',
    status: 201,
    run: (ops, a, b) => ops.createApp(a.accountId!, b),
  },
  {
    method: 'GET',
    path: '/accounts/:accountId/resource-packages',
    run: (ops, a) => ops.listResourcePackages(a.accountId!),
  },
  {
    method: 'POST',
    path: '/accounts/:accountId/resource-packages',
    status: 201,
    run: (ops, a, b) => ops.addResourcePackage(a.accountId!, b),
  },
  {
    method: 'DELETE',
    path: '/resource-packages/:packageId',
    status: 204,
    run: (ops, a) => ops.removeResourcePackage(a.packageId!),
  },
  { method: 'GET', path: '/accounts/:accountId/rate-limits', run: (ops, a) => ops.listRateLimits(a.accountId!) },
  {
    method: 'PUT',
    path: '/accounts/:accountId/rate-limits/:rateGroup',
    run: (ops, a, b) => ops.setRateLimit(a.accountId!, a.rateGroup!, b),
  },
  {
    method: 'DELETE',
    path: '/accounts/:accountId/rate-limits/:rateGroup',
    status: 204,
    run: (ops, a) => ops.removeRateLimit(a.accountId!, a.rateGroup!),
  },
  { method: 'GET', path: '/users/:userId/keys', run: (ops, a) => ops.listAccessKeys({ userId: a.userId! }) },
  {
    method: 'POST',
    path: '/users/:userId/keys',
    status: 201,
    run: (ops, a) => ops.createAccessKey({ userId: a.userId! }),
  },
  {
    method: 'POST',
    path: '/users/:userId/temporary-keys',
    status: 201,
    run: (ops, a, b) => ops.issueTemporaryKey({ userId: a.userId! }, b),
  },
  { method: 'GET', path: '/users/:userId/policies', run: (ops, a) => ops.listPolicies(a.userId!) },
  {
    method: 'POST',
    path: '/users/:userId/policies',
    status: 201,
    run: (ops, a, b) => ops.attachPolicy(a.userId!, b),
  },
  { method: 'DELETE', path: '/policies/:policyId', status: 204, run: (ops, a) => ops.detachPolicy(a.policyId!) },
  { method: 'GET', path: '/keys/:accessKeyId', run: (ops, a) => ops.getAccessKey(a.accessKeyId!) },
  {
    method: 'PUT',
    path: '/keys/:accessKeyId/status',
    run: (ops, a, b) => ops.setAccessKeyStatus(a.accessKeyId!, b),
  },
  { method: 'DELETE', path: '/keys/:accessKeyId', status: 204, run: (ops, a) => ops.deleteAccessKey(a.accessKeyId!) },
  { method: 'GET', path: '/apps', run: (ops, _a, _b, q) => ops.listApps(q) },
  { method: 'GET', path: '/apps/:appId', run: (ops, a) => ops.getApp(a.appId!) },
  { method: 'PUT', path: '/apps/:appId/status', run: (ops, a, b) => ops.setAppStatus(a.appId!, b) },
  { method: 'PUT', path: '/apps/:appId/recording', run: (ops, a, b) => ops.setRecording(a.appId!, b) },
  { method: 'PUT', path: '/apps/:appId/fail-next-start', run: (ops, a, b) => ops.failNextStarts(a.appId!, b) },
  { method: 'GET', path: '/tasks', run: (ops, _a, _b, q) => ops.listTasks(q) },
  { method: 'GET', path: '/kept-uploads', run: (ops) => ops.listKeptUploads() },
  { method: 'POST', path: '/kept-uploads/:id/retry', run: (ops, a) => ops.retryKeptUpload(a.id!) },
  { method: 'GET', path: '/tasks/timeline', run: (ops, _a, _b, q) => ops.taskTimeline(q) },
  {
    method: 'GET',
    path: '/apps/:appId/moderation-rules',
    run: (ops, a, _b, q) => ops.listModerationRules(a.appId!, q),
  },
  {
    method: 'PUT',
    path: '/apps/:appId/moderation-rules',
    run: (ops, a, b) => ops.setModerationRule(a.appId!, b),
  },
  {
    method: 'DELETE',
    path: '/apps/:appId/moderation-rules',
    status: 204,
    run: (ops, a, _b, q) => ops.removeModerationRule(a.appId!, q),
  },
  {
    method: 'GET',
    path: '/apps/:appId/detection-results',
    run: (ops, a, _b, q) => ops.listDetectionResults(a.appId!, q),
  },
  { method: 'GET', path: '/audit', run: (ops, _a, _b, q) => ops.queryAudit(q) },
  { method: 'GET', path: '/deliveries', run: (ops, _a, _b, q) => ops.listDeliveries(q) },
  { method: 'GET', path: '/deliveries/:deliveryId', run: (ops, a) => ops.getDelivery(a.deliveryId!) },
  {
    method: 'POST',
    path: '/deliveries/:deliveryId/redeliver',
    status: 201,
    run: (ops, a) => ops.redeliver(a.deliveryId!),
  },
];

/** The route for a path below `/admin`, its `:name` arguments, and whether the path exists under another method. */
export function matchAdminRoute(
  method: string,
  path: string,
): { route: AdminRoute; args: Record<string, string> } | { route: undefined; pathExists: boolean } {
  const parts = path.split('/').filter((part) => part !== '');
  let pathExists = false;
  for (const route of adminRoutes) {
    const pattern = route.path.split('/').filter((part) => part !== '');
    if (pattern.length !== parts.length) continue;
    const args: Record<string, string> = {};
    const matches = pattern.every((segment, i) => {
      const part = parts[i]!;
      if (segment.startsWith(':')) {
        args[segment.slice(1)] = part;
        return part !== '';
      }
      return segment === part;
    });
    if (!matches) continue;
    if (route.method === method) return { route, args };
    pathExists = true;
  }
  return { route: undefined, pathExists };
}
