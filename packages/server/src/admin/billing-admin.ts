import type { PackageBalance, ResourcePackages } from '../billing/resource-packages.js';
import { RecordError } from '../store/record-error.js';
import { optionalInteger, optionalText, optionalTime, requiredNumber, requiredText } from './admin-input.js';

type Input = Record<string, unknown>;

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Resource packages, administered: an operator gives an account packages and reads their balances. */
export class BillingAdmin {
  readonly #packages: ResourcePackages;

  constructor(packages: ResourcePackages) {
    this.#packages = packages;
  }

  /**
   * Gives the account a package: `configurationCode` and `minutes` required; `zhName` (default the code),
   * `packageType` (default 1), `price` (default 0), `effectiveTimeType` (default 0), `validityDays` (default 30),
   * `validityOptions` (default [validityDays]), `startsAt` (default now).
   */
  async add(accountId: string, input: Input) {
    const configurationCode = requiredText(input, 'configurationCode');
    if (!CODE.test(configurationCode)) {
      throw new RecordError('invalid', 'configurationCode must be 1 to 64 of a-z A-Z 0-9 _ . -', 'configurationCode');
    }
    const minutes = optionalInteger(input, 'minutes', { min: 1, max: 1_000_000_000 });
    if (minutes === undefined) throw new RecordError('invalid', 'minutes is required', 'minutes');
    const price = input.price === undefined ? 0 : requiredNumber(input, 'price');
    if (price < 0) throw new RecordError('invalid', 'price must be 0 or more', 'price');
    const validityDays = optionalInteger(input, 'validityDays', { min: 1, max: 3650 }) ?? 30;
    const options = validityOptions(input.validityOptions, validityDays);
    const zhName = optionalText(input, 'zhName') ?? configurationCode;
    if (zhName.length > 128) throw new RecordError('invalid', 'zhName is at most 128 characters', 'zhName');
    const now = Date.now();
    const created = await this.#packages.add({
      accountId,
      configurationCode,
      zhName,
      packageType: optionalInteger(input, 'packageType', { min: 0, max: 100 }) ?? 1,
      price,
      minutes,
      effectiveTimeType: optionalInteger(input, 'effectiveTimeType', { min: 0, max: 100 }) ?? 0,
      validityDays,
      validityOptions: options,
      startsAt: optionalTime(input, 'startsAt')?.getTime() ?? now,
      createdAt: now,
    });
    const balances = await this.#packages.balances(accountId);
    return packageView(balances.find((b) => b.id === created.id)!);
  }

  /** The account's packages with what is used and left of each. */
  async list(accountId: string) {
    return { accountId, packages: (await this.#packages.balances(accountId)).map(packageView) };
  }

  async remove(packageId: string) {
    if (!/^[1-9][0-9]{0,15}$/.test(packageId)) {
      throw new RecordError('invalid', 'packageId must be a positive integer', 'packageId');
    }
    await this.#packages.remove(Number(packageId));
  }
}

/** A list of whole days: a JSON array, or (from the CLI) a comma list. */
function validityOptions(raw: unknown, fallback: number): number[] {
  if (raw === undefined || raw === null || raw === '') return [fallback];
  const list = typeof raw === 'string' ? raw.split(',').map((d) => Number(d.trim())) : raw;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.length > 20 ||
    list.some((d) => !Number.isInteger(d) || (d as number) < 1 || (d as number) > 3650)
  ) {
    throw new RecordError('invalid', 'validityOptions must be 1 to 20 whole numbers of days', 'validityOptions');
  }
  return list as number[];
}

function packageView(b: PackageBalance) {
  return {
    id: b.id,
    accountId: b.accountId,
    configurationCode: b.configurationCode,
    zhName: b.zhName,
    packageType: b.packageType,
    price: b.price,
    minutes: b.minutes,
    usedMinutes: b.usedMinutes,
    remainingMinutes: b.remainingMinutes,
    state: b.state,
    effectiveTimeType: b.effectiveTimeType,
    validityDays: b.validityDays,
    validityOptions: b.validityOptions,
    startsAt: new Date(b.startsAt).toISOString(),
    expiresAt: new Date(b.expiresAt).toISOString(),
  };
}
