import type { ResourcePackage } from '../../billing/resource-package-store.js';
import type { ResourcePackages } from '../../billing/resource-packages.js';
import { defineProvider, type Provider } from '../provider.js';

/** The resource type of every package (the catalog's only value). */
const RESOURCE_TYPE = 2;

const packageConfig = (p: ResourcePackage) => ({
  ConfigurationCode: p.configurationCode,
  PackageType: p.packageType,
  ZhName: p.zhName,
  EffectiveTimeType: p.effectiveTimeType,
  ValidityPeriod: p.validityDays,
});

/**
 * Billing (catalog "Billing / resource packages"): the caller's account's packages, which an operator gives through
 * the admin API or CLI; GetResourcePackNum counts those usable now, their use drawn from ListUsages' figures
 * (billing/resource-packages.ts).
 */
export function billingProvider(packages: ResourcePackages): Provider<'billing-resources'> {
  return defineProvider('billing-resources', {
    ListResourcePackages: async (_call, { principal }) =>
      (await packages.list(principal.accountId)).map((p) => ({
        ...packageConfig(p),
        Price: Math.round(p.price),
        ValidityOptionList: p.validityOptions,
      })),

    ListResourcePackagesV2: async (_call, { principal }) => {
      const list = await packages.list(principal.accountId);
      if (list.length === 0) return [];
      return [
        {
          ResourceType: RESOURCE_TYPE,
          PackageConfigs: list.map((p) => ({
            ...packageConfig(p),
            Price: p.price,
            ValidityOptionList: p.validityOptions.join(','),
          })),
        },
      ];
    },

    GetResourcePackNum: (_call, { principal }) => packages.activeCount(principal.accountId),
  });
}
