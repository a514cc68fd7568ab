import { ApiError } from '../../errors/api-error.js';
import { INDICATORS, indicatorNames, type IndicatorDef, type IndicatorKind } from '../../usage/indicator-catalog.js';
import type { Dimension } from '../../usage/indicator-series.js';
import { PLATFORMS, type Platform, type SpanFilter } from '../../usage/session-spans.js';

/** At most this many indicators in one query. */
export const MAX_INDICATORS = 20;

/** The indicators named by an `Indicator` param: known, of the action's kind (any kind when `kind` is absent). */
export function indicatorsParam(names: readonly string[], kind?: IndicatorKind): IndicatorDef[] {
  if (names.length === 0) throw new ApiError('MissingParameter', 'Indicator must name at least one indicator');
  if (names.length > MAX_INDICATORS) {
    throw new ApiError('InvalidParameter', `Indicator names at most ${MAX_INDICATORS} indicators`);
  }
  return [...new Set(names)].map((name) => {
    const def = INDICATORS.get(name);
    if (def === undefined || (kind !== undefined && def.kind !== kind)) {
      throw new ApiError(
        'InvalidParameter',
        `Indicator "${name.slice(0, 64)}" is not one of ${indicatorNames(kind).join(', ')}`,
      );
    }
    return def;
  });
}

/** `AggregateGranularity`: one of the action's documented values, as a bucket length in ms. */
export function granularityParam(value: string, allowed: Readonly<Record<string, number>>): number {
  const step = Object.hasOwn(allowed, value) ? allowed[value] : undefined;
  if (step === undefined) {
    throw new ApiError('InvalidParameter', `AggregateGranularity must be one of ${Object.keys(allowed).join(', ')}`);
  }
  return step;
}

const PLATFORM_NAMES: readonly Platform[] = PLATFORMS.filter((p) => p !== 'other');

function platformParam(value: string, field: string): Platform {
  const p = value.toLowerCase() as Platform;
  if (!PLATFORM_NAMES.includes(p)) {
    throw new ApiError('InvalidParameter', `${field} must be one of ${PLATFORM_NAMES.join(', ')}`);
  }
  return p;
}

/**
 * The platforms a query keeps: `OS` (a list) or `Platform` (one) names them; `ProductType` "native" keeps the
 * SDK platforms and "web" the web one (default: no product filter). Both given: their intersection.
 */
export function platformFilter(p: {
  OS?: readonly string[] | string;
  Platform?: string;
  ProductType?: string;
}): ReadonlySet<Platform> | undefined {
  let keep: Set<Platform> | undefined;
  const named = typeof p.OS === 'string' ? [p.OS] : p.OS;
  if (named !== undefined && named.length > 0) keep = new Set(named.map((o) => platformParam(o, 'OS')));
  if (p.Platform !== undefined && p.Platform !== '') keep = new Set([platformParam(p.Platform, 'Platform')]);
  if (p.ProductType !== undefined && p.ProductType !== '') {
    const product = p.ProductType.toLowerCase();
    if (product !== 'native' && product !== 'web') {
      throw new ApiError('InvalidParameter', 'ProductType must be "native" or "web"');
    }
    const ofProduct = PLATFORMS.filter((x) => (product === 'web' ? x === 'web' : x !== 'web'));
    keep = new Set(ofProduct.filter((x) => keep === undefined || keep.has(x)));
  }
  return keep;
}

const ACCESS = ['2g', '3g', '4g', '5g', 'wifi'];

/**
 * `Access` (or the legacy `Network`): network types. Sessions carry none (no client reports it): the server counts
 * every session as `wifi`, so a filter without wifi keeps no session.
 */
export function accessKeepsSessions(value: readonly string[] | string | undefined, field: string): boolean {
  const list = typeof value === 'string' ? (value === '' ? [] : [value]) : (value ?? []);
  if (list.length === 0) return true;
  const lower = list.map((a) => a.toLowerCase());
  for (const a of lower) {
    if (!ACCESS.includes(a)) throw new ApiError('InvalidParameter', `${field} must be one of ${ACCESS.join(', ')}`);
  }
  return lower.includes('wifi');
}

/** `Dimension`: one of those allowed. */
export function dimensionParam(value: string, allowed: readonly Dimension[]): Dimension {
  const d = allowed.find((x) => x.toLowerCase() === value.toLowerCase());
  if (d === undefined) throw new ApiError('InvalidParameter', `Dimension must be one of ${allowed.join(', ')}`);
  return d;
}

/** The session filter of a query's RoomId, UserId and platform params. */
export function spanFilter(p: {
  RoomId?: string;
  UserId?: readonly string[];
  platforms?: ReadonlySet<Platform> | undefined;
}): SpanFilter {
  return {
    ...(p.RoomId !== undefined && p.RoomId !== '' && { roomId: p.RoomId }),
    ...(p.UserId !== undefined && p.UserId.length > 0 && { userIds: p.UserId }),
    ...(p.platforms !== undefined && { platforms: p.platforms }),
  };
}
