/** In-flight bounds of the delivery worker. */
export interface DeliveryLimits {
  /** Posts in flight at once, in all. */
  concurrency: number;
  /** Posts in flight at once for one subscription (AppId + BusinessId). */
  perSubscription: number;
  /** Posts in flight at once for all of one account's subscriptions. */
  perAccount: number;
}

/** A subscription with rows that are, or may become, due. */
export interface Subscription {
  readonly appId: string;
  readonly businessId: string;
  /** '' when the subscription is gone (its rows are dropped, not posted). */
  readonly accountId: string;
  inFlight: number;
  /** Unix ms when its next row not in flight is due; 0: look now; Infinity: none is pending. */
  dueAt: number;
}

/** A subscription's due rows not in flight (at most `max`, oldest due first), and when the one after them is due. */
export interface DueRows<R> {
  rows: R[];
  /** next_attempt_at of the first pending row after `rows` that is not in flight; Infinity when there is none. */
  nextDueAt: number;
}

/**
 * Chooses which outbox rows to post next, so that no subscription or account can hold up another: subscriptions are
 * served in turn (round robin, one post per subscription per round, each pick starting after the last one served)
 * and each is held to its in-flight bounds. A dead receiver thus holds at most `perSubscription` (and its account
 * at most `perAccount`) of the `concurrency` slots, each for at most the post timeout; the rows queued behind it
 * wait their own turn instead of filling every slot as a global oldest-first scan did.
 *
 * Knows nothing of SQLite: the worker says which subscriptions may have rows (`touch`) and loads a subscription's
 * due rows when asked.
 */
export class DeliveryScheduler {
  readonly #limits: DeliveryLimits;
  readonly #ring: Subscription[] = [];
  readonly #byKey = new Map<string, Subscription>();
  readonly #accountInFlight = new Map<string, number>();
  #cursor = 0;
  #inFlight = 0;

  constructor(limits: DeliveryLimits) {
    this.#limits = limits;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Subscriptions in the ring (with pending rows or posts in flight). */
  get size(): number {
    return this.#ring.length;
  }

  /**
   * Says a subscription may have a row due at `dueAt` (default now): new rows, or a retry scheduled. `accountOf`
   * is asked only for a subscription not in the ring yet.
   */
  touch(appId: string, businessId: string, accountOf: () => string, dueAt = 0): void {
    const key = keyOf(appId, businessId);
    const sub = this.#byKey.get(key);
    if (sub) {
      sub.dueAt = Math.min(sub.dueAt, dueAt);
      return;
    }
    const added: Subscription = { appId, businessId, accountId: accountOf(), inFlight: 0, dueAt };
    this.#byKey.set(key, added);
    // Joins the ring just before the cursor: it is served last in the current round, after those already waiting.
    this.#ring.splice(this.#cursor, 0, added);
    this.#cursor = (this.#cursor + 1) % this.#ring.length;
  }

  /**
   * Picks rows to post now, as many as the bounds allow, one per subscription per round; each pick is counted in
   * flight until `finished`. `load` is called at most once per subscription and pick.
   */
  pick<R>(now: number, load: (sub: Subscription, max: number) => DueRows<R>): { sub: Subscription; row: R }[] {
    const picked: { sub: Subscription; row: R }[] = [];
    const loaded = new Map<Subscription, DueRows<R>>();
    const n = this.#ring.length;
    let lastServed = -1;
    let progress = true;
    while (progress && this.#inFlight < this.#limits.concurrency) {
      progress = false;
      for (let i = 0; i < n && this.#inFlight < this.#limits.concurrency; i++) {
        const index = (this.#cursor + i) % n;
        const sub = this.#ring[index]!;
        if (sub.dueAt > now || !this.#hasRoom(sub)) continue;
        let due = loaded.get(sub);
        if (!due) {
          due = load(sub, this.#limits.perSubscription - sub.inFlight);
          loaded.set(sub, due);
        }
        const row = due.rows.shift();
        if (row === undefined) continue;
        this.#count(sub, 1);
        picked.push({ sub, row });
        lastServed = index;
        progress = true;
      }
    }
    for (const [sub, due] of loaded) sub.dueAt = due.rows.length > 0 ? 0 : due.nextDueAt;
    if (lastServed >= 0) this.#cursor = (lastServed + 1) % n;
    this.#dropIdle();
    return picked;
  }

  /** Ends a pick's post; `retryAt` when the row was scheduled again. */
  finished(sub: Subscription, retryAt?: number): void {
    this.#count(sub, -1);
    if (retryAt !== undefined) sub.dueAt = Math.min(sub.dueAt, retryAt);
    else if (sub.dueAt === Infinity && sub.inFlight === 0) this.#dropIdle();
  }

  /** The earliest time a subscription with room has a row due (Infinity when none is known or all slots are taken). */
  nextDueAt(): number {
    let next = Infinity;
    if (this.#inFlight >= this.#limits.concurrency) return next;
    for (const sub of this.#ring) if (this.#hasRoom(sub) && sub.dueAt < next) next = sub.dueAt;
    return next;
  }

  #hasRoom(sub: Subscription): boolean {
    return (
      sub.inFlight < this.#limits.perSubscription &&
      (this.#accountInFlight.get(sub.accountId) ?? 0) < this.#limits.perAccount
    );
  }

  #count(sub: Subscription, delta: number): void {
    sub.inFlight += delta;
    this.#inFlight += delta;
    const account = (this.#accountInFlight.get(sub.accountId) ?? 0) + delta;
    if (account === 0) this.#accountInFlight.delete(sub.accountId);
    else this.#accountInFlight.set(sub.accountId, account);
  }

  /** Leaves out subscriptions with nothing pending and nothing in flight (a new row brings them back). */
  #dropIdle(): void {
    for (let i = this.#ring.length - 1; i >= 0; i--) {
      const sub = this.#ring[i]!;
      if (sub.dueAt !== Infinity || sub.inFlight > 0) continue;
      this.#ring.splice(i, 1);
      this.#byKey.delete(keyOf(sub.appId, sub.businessId));
      if (i < this.#cursor) this.#cursor--;
    }
    if (this.#cursor >= this.#ring.length) this.#cursor = 0;
  }
}

function keyOf(appId: string, businessId: string): string {
  return `${appId}\u0000${businessId}`;
}
