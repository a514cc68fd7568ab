import { verifyCallbackSignature, type CallbackFields } from '@rtc-openapi/signer';
import { RecordError } from '../store/record-error.js';
import type { CallbackConfigs } from './callback-configs.js';
import { withoutPassword } from './callback-post.js';
import type { AttemptDetail, DeliveryLogStore, DeliveryRecord, OutboxStore } from './event-store.js';
import { CALLBACK_VERSION } from './event-types.js';

/** Whether an attempt's Signature matches its subscription's secret, checked on the server (the secret stays here). */
export type SignatureCheck =
  { result: 'pass'; detail: string } | { result: 'fail'; detail: string } | { result: 'unchecked'; detail: string };

export interface DeliveryDetail extends Omit<DeliveryRecord, 'eventData' | 'eventTime' | 'nonce' | 'attempts'> {
  /** The signed fields of the callback body (catalog 4.3), as every attempt of it sends them. */
  payload: CallbackFields;
  /** Where it goes now (without a password); undefined when the subscription was deleted. */
  subscriptionUrl: string | undefined;
  /** Oldest first. */
  attempts: (AttemptDetail & { signature: SignatureCheck })[];
}

/**
 * One callback delivery as the console shows it: its payload, each attempt with what was posted and answered, and
 * each posted Signature checked against the subscription's secret (`verifyCallbackSignature`, what a receiver
 * runs); and redelivery. The secret itself never leaves this class.
 */
export class DeliveryInspection {
  readonly #log: DeliveryLogStore;
  readonly #outbox: Pick<OutboxStore, 'redeliver'>;
  readonly #configs: Pick<CallbackConfigs, 'get'>;

  constructor(deps: {
    log: DeliveryLogStore;
    outbox: Pick<OutboxStore, 'redeliver'>;
    configs: Pick<CallbackConfigs, 'get'>;
  }) {
    this.#log = deps.log;
    this.#outbox = deps.outbox;
    this.#configs = deps.configs;
  }

  detail(deliveryId: number): DeliveryDetail {
    const { eventData, eventTime, nonce, attempts: _count, ...delivery } = this.#existing(deliveryId);
    const config = this.#configs.get(delivery.appId, delivery.businessId);
    const attempts = this.#log.attemptsOf(deliveryId).map((a) => ({
      ...a,
      signature: checkSignature(a.body, config?.secretKey),
    }));
    return {
      ...delivery,
      payload: {
        EventType: delivery.eventType,
        EventData: eventData,
        EventTime: eventTime,
        EventId: delivery.eventId,
        AppId: delivery.appId,
        Version: CALLBACK_VERSION,
        Nonce: nonce,
      },
      subscriptionUrl: config && withoutPassword(config.url),
      attempts,
    };
  }

  /**
   * Sends a delivery again: a new delivery of the same event (same EventId, data, time and nonce, so the same
   * Signature while the secret is unchanged), due now; the worker posts it at its next look (within its poll).
   */
  redeliver(deliveryId: number, now: number): { deliveryId: number; redeliveryOf: number } {
    const delivery = this.#existing(deliveryId);
    if (!this.#configs.get(delivery.appId, delivery.businessId)) {
      throw new RecordError(
        'conflict',
        `the subscription ${delivery.businessId || '(no BusinessId)'} of app ${delivery.appId} was deleted: there is nowhere to deliver to`,
        'deliveryId',
      );
    }
    const made = this.#outbox.redeliver(deliveryId, now);
    if (made === undefined)
      throw new RecordError('not-found', `there is no delivery with deliveryId ${deliveryId}`, 'deliveryId');
    return { deliveryId: made, redeliveryOf: deliveryId };
  }

  #existing(deliveryId: number): DeliveryRecord {
    const delivery = this.#log.delivery(deliveryId);
    if (!delivery)
      throw new RecordError('not-found', `there is no delivery with deliveryId ${deliveryId}`, 'deliveryId');
    return delivery;
  }
}

function checkSignature(body: string | undefined, secretKey: string | undefined): SignatureCheck {
  if (body === undefined) return { result: 'unchecked', detail: 'nothing was posted, or the body was not kept' };
  if (!secretKey) {
    return { result: 'unchecked', detail: 'the subscription was deleted: there is no secret to check against' };
  }
  const verdict = verifyCallbackSignature(body, secretKey);
  if (verdict.ok) return { result: 'pass', detail: 'the Signature matches the subscription’s secret' };
  return verdict.reason === 'malformed'
    ? { result: 'fail', detail: verdict.message }
    : { result: 'fail', detail: 'the Signature does not match the subscription’s secret now (was it changed since?)' };
}

/** How a callback went: its deliveries (one per subscription that took it, and redeliveries), as a timeline shows. */
export interface EventDelivery {
  deliveryId: number;
  businessId: string;
  status: DeliveryRecord['status'];
  attempts: number;
}

export function eventDeliveries(log: Pick<DeliveryLogStore, 'deliveriesOfEvent'>, eventId: string): EventDelivery[] {
  return log.deliveriesOfEvent(eventId).map((d) => ({
    deliveryId: d.deliveryId,
    businessId: d.businessId,
    status: d.status,
    attempts: d.attempts,
  }));
}
