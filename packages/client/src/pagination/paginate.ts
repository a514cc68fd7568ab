import type { ActionName, ActionSpec, ActionVersion, LatestVersion, ParamsOf, ResultOf } from '@rtc-openapi/api';
import { RtcValidationError } from '../errors/rtc-validation-error.js';

/** Actions paged by Offset/Limit or PageNum/PageSize (catalog section 1.3). */
export type PagedAction = {
  [A in ActionName]: 'Offset' | 'Limit' extends keyof ParamsOf<A>
    ? A
    : 'PageNum' | 'PageSize' extends keyof ParamsOf<A>
      ? A
      : never;
}[ActionName];

export type PageParams<A extends ActionName, V extends ActionVersion<A> = LatestVersion<A>> = ParamsOf<A, V>;

type ObjectResult<A extends ActionName, V extends ActionVersion<A>> = Extract<ResultOf<A, V>, object>;

/** The element type of the list field of a paged action's Result. */
export type PageItem<A extends ActionName, V extends ActionVersion<A> = LatestVersion<A>> = {
  [K in keyof ObjectResult<A, V>]-?: NonNullable<ObjectResult<A, V>[K]> extends readonly (infer I)[] ? I : never;
}[keyof ObjectResult<A, V>];

export interface Paging {
  style: 'offset' | 'page';
  /** The Result field holding the page's items. */
  itemsField: string;
  /** Whether the position and size params are strings on the wire (ListApps, GetAllBusinessID). */
  positionIsString: boolean;
  sizeIsString: boolean;
}

interface SchemaLike {
  type?: unknown;
  properties?: Record<string, SchemaLike>;
  anyOf?: SchemaLike[];
}

/** How an action pages, read from its schemas; undefined when it does not page. */
export function pagingOf(spec: Pick<ActionSpec, 'params' | 'result'>): Paging | undefined {
  const params = (spec.params as SchemaLike).properties ?? {};
  const [position, size, style] =
    params.Offset && params.Limit
      ? (['Offset', 'Limit', 'offset'] as const)
      : params.PageNum && params.PageSize
        ? (['PageNum', 'PageSize', 'page'] as const)
        : [undefined, undefined, undefined];
  if (style === undefined) return undefined;
  const itemsField = listFieldOf(spec.result as SchemaLike);
  if (itemsField === undefined) return undefined;
  return {
    style,
    itemsField,
    positionIsString: params[position]?.type === 'string',
    sizeIsString: params[size]?.type === 'string',
  };
}

function listFieldOf(schema: SchemaLike): string | undefined {
  const candidates = [schema, ...(schema.anyOf ?? [])];
  for (const candidate of candidates) {
    const arrays = Object.entries(candidate.properties ?? {}).filter(([, s]) => s.type === 'array');
    if (arrays.length === 1) return arrays[0]![0];
  }
  return undefined;
}

/**
 * Walks the pages. Stops on `HasMore: false`, when `Total` items have been seen, on an empty page, or, when the
 * answer says neither, on a page shorter than the size asked for. Sizes larger than a server's maximum are clamped
 * by some servers (ListUserInfo), so the position advances by what came back.
 */
export function paginate(
  spec: ActionSpec,
  params: Readonly<Record<string, unknown>>,
  fetchPage: (params: Readonly<Record<string, unknown>>) => Promise<unknown>,
): AsyncGenerator<unknown, void, undefined> {
  // Checked here rather than in the generator, so that a wrong action fails at the call, not at the first next().
  const paging = pagingOf(spec);
  if (paging === undefined) {
    throw new RtcValidationError('action', `${spec.action} ${spec.version} is not a paged list action`);
  }
  return walkPages(paging, params, fetchPage);
}

async function* walkPages(
  paging: Paging,
  params: Readonly<Record<string, unknown>>,
  fetchPage: (params: Readonly<Record<string, unknown>>) => Promise<unknown>,
): AsyncGenerator<unknown, void, undefined> {
  const positionKey = paging.style === 'offset' ? 'Offset' : 'PageNum';
  const sizeKey = paging.style === 'offset' ? 'Limit' : 'PageSize';
  const size = params[sizeKey] === undefined ? undefined : Number(params[sizeKey]);
  let position = Number(params[positionKey] ?? (paging.style === 'offset' ? 0 : 1));
  let seen = paging.style === 'offset' ? position : (position - 1) * (size ?? 0);
  for (;;) {
    const page: Record<string, unknown> = {
      ...params,
      [positionKey]: paging.positionIsString ? String(position) : position,
    };
    if (size !== undefined) page[sizeKey] = paging.sizeIsString ? String(size) : size;
    const result = (await fetchPage(page)) as Record<string, unknown> | null | undefined;
    const items = result?.[paging.itemsField];
    const list = Array.isArray(items) ? items : [];
    yield* list;
    seen += list.length;
    position += paging.style === 'offset' ? list.length : 1;
    if (list.length === 0) return;
    const hasMore = result?.HasMore;
    const total = result?.Total ?? result?.TotalSize;
    if (typeof hasMore === 'boolean') {
      if (!hasMore) return;
    } else if (typeof total === 'number') {
      if (seen >= total) return;
    } else if (size !== undefined && list.length < size) {
      return;
    }
  }
}
