// Static types per action-version, derived from the generated schemas (`Static<typeof schema>`).
import type { ActionAreaMap, ActionTypeMap, LatestVersionMap } from '../generated/index.js';
import type { ActionArea } from '../spec.js';

export type ActionName = keyof ActionTypeMap;

/** The catalogued versions of action `A`. */
export type ActionVersion<A extends ActionName> = keyof ActionTypeMap[A] & string;

/** The newest catalogued version of action `A`. */
export type LatestVersion<A extends ActionName> = Extract<LatestVersionMap[A], ActionVersion<A>>;

/** The params of action `A` at version `V` (default: the newest). */
export type ParamsOf<
  A extends ActionName,
  V extends ActionVersion<A> = LatestVersion<A>,
> = ActionTypeMap[A][V] extends {
  params: infer P;
}
  ? P
  : never;

/** The `Result` of action `A` at version `V` (default: the newest). */
export type ResultOf<
  A extends ActionName,
  V extends ActionVersion<A> = LatestVersion<A>,
> = ActionTypeMap[A][V] extends {
  result: infer R;
}
  ? R
  : never;

/** The actions of catalog area `Area`. */
export type ActionsOfArea<Area extends ActionArea> = {
  [A in ActionName]: ActionAreaMap[A] extends Area ? A : never;
}[ActionName];
