import { InvalidArgumentError, type Command } from 'commander';
import { parseDurationSeconds } from '../params/parse-duration.js';
import { noun, owner, ownerOf, paged, verb } from './admin-verbs.js';
import { addStorageOptions } from './storage-options.js';

/**
 * `rtc-openapi admin <noun> <verb>`: the admin API's operations run directly on a data directory (a running server
 * on the same directory sees the changes; key and rate-limit changes reach it within its cache time, a few seconds).
 */
export function registerAdminCommand(program: Command): void {
  const admin = program
    .command('admin')
    .description(
      'manage accounts, users, policies, access keys, apps, moderation verdicts, resource packages, rate limits; read the audit trail and callback deliveries',
    )
    .addHelpText(
      'after',
      '\nEach command works directly on the data directory (--data, env RTC_DATA_DIR); RTC_MASTER_KEY must match the\n' +
        "server's when it is set there. The same operations are served over HTTP under /admin/ (docs/admin-api.md).",
    );

  const account = noun(admin, 'account', 'accounts and their RTC service');
  verb(
    account,
    'create',
    'create an account with its main user (creates the data directory when needed)',
    (ops, _a, o) => ops.createAccount({ name: o.name, accountId: o.accountId, rtcEnabled: o.rtcEnabled === true }),
    { mayCreateDataDir: true },
  )
    .option('--name <name>', 'account name')
    .option('--account-id <id>', 'numeric AccountId (generated when absent)')
    .option('--rtc-enabled', 'enable the RTC service at once');
  paged(verb(account, 'list', 'list accounts', (ops, _a, o) => ops.listAccounts(o)));
  verb(account, 'show', 'show one account', (ops, [id]) => ops.getAccount(id!)).argument('<accountId>');
  verb(account, 'enable-rtc', 'enable the RTC service for an account', (ops, [id]) =>
    ops.setRtcEnabled(id!, { enabled: true }),
  ).argument('<accountId>');
  verb(account, 'disable-rtc', 'disable the RTC service (calls answer AccessDenied.ServiceNotEnabled)', (ops, [id]) =>
    ops.setRtcEnabled(id!, { enabled: false }),
  ).argument('<accountId>');

  const user = noun(admin, 'user', 'sub-users of an account');
  verb(user, 'create', 'create a sub-user', (ops, [accountId, userName]) => ops.createUser(accountId!, { userName }))
    .argument('<accountId>')
    .argument('<userName>', 'letters, digits and . _ @ -');
  verb(user, 'list', "list an account's users (main user first)", (ops, [accountId]) =>
    ops.listUsers(accountId!),
  ).argument('<accountId>');

  const policy = noun(admin, 'policy', "sub-users' permissions");
  verb(policy, 'attach', 'allow a sub-user an action', (ops, [userId, action], o) =>
    ops.attachPolicy(userId!, { action, appIds: o.appId }),
  )
    .argument('<userId>')
    .argument('<action>', '*, rtc:* or rtc:<Action> (for example rtc:ListApps)')
    .option('--app-id <appIds...>', 'only for these AppIds');
  verb(policy, 'detach', 'remove a policy', async (ops, [policyId]) => {
    await ops.detachPolicy(policyId!);
    return { detached: policyId };
  }).argument('<policyId>');
  verb(policy, 'list', "list a sub-user's policies", (ops, [userId]) => ops.listPolicies(userId!)).argument('<userId>');

  const key = noun(admin, 'key', 'access keys (the secret is shown once, at creation)');
  owner(
    verb(key, 'create', "create an access key for a user (or an account's main user)", (ops, _a, o) =>
      ops.createAccessKey(ownerOf(o)),
    ),
  );
  owner(
    verb(
      key,
      'issue-temporary',
      'issue temporary (STS) credentials: an AKTP key, its secret and a session token, valid for --ttl',
      (ops, _a, o) => ops.issueTemporaryKey(ownerOf(o), { ttlSeconds: o.ttl }),
    ).option('--ttl <duration>', 'lifetime: seconds, or 15m, 12h (60 s to 12 h; default 1h)', parseDurationSeconds),
  );
  owner(verb(key, 'list', 'list access keys, without secrets', (ops, _a, o) => ops.listAccessKeys(ownerOf(o))));
  verb(key, 'show', 'show one access key, without its secret', (ops, [id]) => ops.getAccessKey(id!)).argument(
    '<accessKeyId>',
  );
  verb(key, 'disable', 'disable an access key', (ops, [id]) => ops.setAccessKeyStatus(id!, 'disabled')).argument(
    '<accessKeyId>',
  );
  verb(key, 'enable', 'enable an access key', (ops, [id]) => ops.setAccessKeyStatus(id!, 'active')).argument(
    '<accessKeyId>',
  );
  verb(key, 'delete', 'delete an access key', async (ops, [id]) => {
    await ops.deleteAccessKey(id!);
    return { deleted: id };
  }).argument('<accessKeyId>');

  const app = noun(admin, 'app', 'apps (AppId and AppKeys)');
  verb(app, 'create', 'create an app for an account', (ops, [accountId, name]) => ops.createApp(accountId!, { name }))
    .argument('<accountId>')
    .argument('<name>', 'at most 24 characters');
  paged(
    verb(app, 'list', 'list apps, without AppKeys', (ops, _a, o) => ops.listApps(o)).option(
      '--account-id <id>',
      "only this account's apps",
    ),
  );
  verb(app, 'show', 'show one app with its AppKeys', (ops, [appId]) => ops.getApp(appId!)).argument('<appId>');
  verb(app, 'enable', 'enable an app', (ops, [appId]) => ops.setAppStatus(appId!, 'enabled')).argument('<appId>');
  verb(app, 'disable', 'disable an app', (ops, [appId]) => ops.setAppStatus(appId!, 'disabled')).argument('<appId>');
  verb(app, 'recording', "switch the app's cloud recording on or off", (ops, [appId, state]) => {
    if (state !== 'on' && state !== 'off') throw new InvalidArgumentError('the state is on or off');
    return ops.setRecording(appId!, state === 'on');
  })
    .argument('<appId>')
    .argument('<state>', 'on or off');
  verb(app, 'fail-next-start', "make the app's next task starts fail (StartTaskFailed)", (ops, [appId, count]) =>
    ops.failNextStarts(appId!, { count: count ?? '1' }),
  )
    .argument('<appId>')
    .argument('[count]', 'how many starts fail (default 1; 0 clears)');

  const task = noun(admin, 'task', 'media tasks (recordings)');
  paged(
    verb(task, 'list', 'list tasks, most recently changed first', (ops, _a, o) => ops.listTasks(o)).option(
      '--app-id <id>',
      "only this app's tasks",
    ),
  );

  const keptUpload = noun(admin, 'kept-upload', 'recordings storage refused, kept in the data directory for a retry');
  verb(keptUpload, 'list', 'list them, oldest first', (ops) => ops.listKeptUploads(), { keptUploads: true });
  addStorageOptions(
    verb(
      keptUpload,
      'retry',
      "store one now, with the server's storage (the same --storage-* options or RTC_STORAGE_* variables as serve)",
      (ops, [id]) => ops.retryKeptUpload(id!),
      { keptUploads: true },
    ).argument('<id>', 'as kept-upload list shows it'),
    { vodBucket: false },
  );
  verb(task, 'timeline', "a task's states, callbacks (with their deliveries) and files, in order", (ops, args) => {
    const [kind, appId, roomId, taskId] = args;
    return ops.taskTimeline({ kind, appId, roomId, taskId });
  })
    .argument('<kind>', 'record, web-record, snapshot, segment, push, public-stream, relay, webcast, ...')
    .argument('<appId>')
    .argument('<roomId>')
    .argument('<taskId>');
  const moderation = noun(
    admin,
    'moderation',
    "content moderation's verdicts (the stand-in for the classifier) and the detection results",
  );
  verb(
    moderation,
    'set',
    'set the verdict for a room, or for one user of it (--user-id): violations at task times, or a pass',
    (ops, [appId, roomId], o) => {
      const violations = (o.violation as string[] | undefined) ?? [];
      if ((o.pass === true) === violations.length > 0) {
        throw new InvalidArgumentError('give either --pass or at least one --violation');
      }
      return ops.setModerationRule(appId!, { roomId, userId: o.userId, violations, pass: o.pass === true });
    },
  )
    .argument('<appId>')
    .argument('<roomId>')
    .option('--user-id <userId>', 'only this user of the room (default the whole room)')
    .option(
      '--violation <label@time...>',
      'a violation of label at a task time (ms, or with ms, s, m, h: porn@12s); repeatable',
    )
    .option('--pass', 'the content passes (overrides the room rule for --user-id)');
  verb(moderation, 'list', "list an app's verdict rules", (ops, [appId], o) =>
    ops.listModerationRules(appId!, { roomId: o.roomId }),
  )
    .argument('<appId>')
    .option('--room-id <roomId>', 'only this room');
  verb(
    moderation,
    'remove',
    'remove a verdict rule (the room or user passes again)',
    async (ops, [appId, roomId], o) => {
      await ops.removeModerationRule(appId!, { roomId, userId: o.userId });
      return { removed: { appId, roomId, ...(o.userId !== undefined && { userId: o.userId }) } };
    },
  )
    .argument('<appId>')
    .argument('<roomId>')
    .option('--user-id <userId>', "the user's rule (default the room's)");
  paged(
    verb(
      moderation,
      'results',
      "list an app's detection results, newest first, with each POST's fate",
      (ops, [appId], o) => ops.listDetectionResults(appId!, o),
    )
      .argument('<appId>')
      .option('--room-id <roomId>', 'only this room')
      .option('--user-id <userId>', 'only this user'),
  );

  const pack = noun(admin, 'resource-package', "an account's resource packages (minutes, drawn down by its usage)");
  verb(pack, 'add', 'give an account a resource package', (ops, [accountId], o) =>
    ops.addResourcePackage(accountId!, {
      configurationCode: o.code,
      minutes: o.minutes,
      zhName: o.name,
      packageType: o.type,
      price: o.price,
      validityDays: o.validityDays,
      validityOptions: o.validityOptions,
      startsAt: o.startsAt,
    }),
  )
    .argument('<accountId>')
    .requiredOption('--code <configurationCode>', 'the package configuration code (1 to 64 of a-z A-Z 0-9 _ . -)')
    .requiredOption('--minutes <n>', 'minutes the package holds')
    .option('--name <name>', 'display name (ZhName; default the code)')
    .option('--type <n>', 'PackageType (default 1)')
    .option('--price <n>', 'price (default 0)')
    .option('--validity-days <n>', 'days from the start to expiry (default 30)')
    .option('--validity-options <days>', 'comma list of the validity periods offered (default the validity)')
    .option('--starts-at <time>', 'ISO 8601 or ms (default now)');
  verb(pack, 'list', "list an account's packages with what is used and left", (ops, [accountId]) =>
    ops.listResourcePackages(accountId!),
  ).argument('<accountId>');
  verb(pack, 'remove', 'take a package away', async (ops, [packageId]) => {
    await ops.removeResourcePackage(packageId!);
    return { removed: packageId };
  }).argument('<packageId>');

  const rateLimit = noun(admin, 'rate-limit', "per-account QPS overrides of the catalog's limits");
  verb(rateLimit, 'list', "list an account's overrides", (ops, [accountId]) => ops.listRateLimits(accountId!)).argument(
    '<accountId>',
  );
  verb(rateLimit, 'set', 'set the QPS of a rate group for an account', (ops, [accountId, group, qps]) =>
    ops.setRateLimit(accountId!, group!, { qps }),
  )
    .argument('<accountId>')
    .argument('<rateGroup>', 'an action name, or messaging (the four messaging actions)')
    .argument('<qps>', 'requests per second');
  verb(rateLimit, 'remove', 'go back to the catalog limit', async (ops, [accountId, group]) => {
    await ops.removeRateLimit(accountId!, group!);
    return { accountId, removed: group };
  })
    .argument('<accountId>')
    .argument('<rateGroup>');

  const audit = noun(admin, 'audit', 'the trail of API calls');
  paged(
    verb(audit, 'query', 'list calls, newest first', (ops, _a, o) => ops.queryAudit(o))
      .option('--account-id <id>', 'only this account')
      .option('--action <action>', 'only this action')
      .option('--code <code>', 'only this result code (Success, or an error code)')
      .option('--from <time>', 'from this time (ISO 8601 or ms), inclusive')
      .option('--to <time>', 'until this time, exclusive'),
  );

  const deliveries = noun(admin, 'deliveries', 'the callback delivery log (one entry per attempt)');
  verb(deliveries, 'list', 'list delivery attempts, newest first', (ops, _a, o) => ops.listDeliveries(o))
    .option('--app-id <appId>', 'only this AppId')
    .option('--event-id <eventId>', 'only this event')
    .option('--event-type <type>', 'only this event type (for example RoomCreate)')
    .option('--status <status>', 'only attempts of events whose delivery is now pending, delivered, failed or dropped')
    .option('--offset <n>', 'skip this many')
    .option('--limit <n>', 'at most this many (default 100, at most 1000)');
  verb(
    deliveries,
    'show',
    'one delivery: its payload, each attempt with the body posted, the answer and the signature check',
    (ops, [deliveryId]) => ops.getDelivery(deliveryId!),
  ).argument('<deliveryId>', 'a deliveryId from the list');
  verb(
    deliveries,
    'redeliver',
    'deliver it again (the same event, due now; the running server posts it)',
    (ops, [deliveryId]) => ops.redeliver(deliveryId!),
  ).argument('<deliveryId>');
}
