/**
 * AMQP 0-9-1 method table (https://www.rabbitmq.com/amqp-0-9-1-reference.html, with the
 * RabbitMQ extensions exchange.bind/unbind, basic.nack, confirm.*, connection.blocked).
 * One row per method: class id, method id, name, role and arguments. Argument names are
 * the spec's in camelCase; `reserved` arguments are read and not shown.
 *
 * Roles: 'req' — synchronous request answered by an '-ok' (or, on error, by a close);
 * 'res' — that answer; 'async' — no answer (publish, deliver, ack ...). A 'req' sent with
 * its no-wait bit set is treated as 'async'.
 *
 * Argument types: o octet, s short, l long, L longlong, S shortstr, T longstr, b bit
 * (consecutive bits share an octet), F field table.
 */

export type ArgType = 'o' | 's' | 'l' | 'L' | 'S' | 'T' | 'b' | 'F';
export type Role = 'req' | 'res' | 'async';

export interface AmqpMethod {
  classId: number;
  methodId: number;
  /** "basic publish", "queue declare-ok" ... (Kubeshark's `method` values). */
  name: string;
  role: Role;
  args: [name: string, type: ArgType][];
  /** Followed by a content header and body frames (publish, deliver, return, get-ok). */
  content?: boolean;
}

const CLASSES: Record<number, string> = { 10: 'connection', 20: 'channel', 40: 'exchange', 50: 'queue', 60: 'basic', 85: 'confirm', 90: 'tx' };

const closeArgs: AmqpMethod['args'] = [['replyCode', 's'], ['replyText', 'S'], ['classId', 's'], ['methodId', 's']];

// [class, method, name, role, args, content?]
const ROWS: [number, number, string, Role, AmqpMethod['args'], boolean?][] = [
  [10, 10, 'start', 'req', [['versionMajor', 'o'], ['versionMinor', 'o'], ['serverProperties', 'F'], ['mechanisms', 'T'], ['locales', 'T']]],
  [10, 11, 'start-ok', 'res', [['clientProperties', 'F'], ['mechanism', 'S'], ['response', 'T'], ['locale', 'S']]],
  [10, 20, 'secure', 'req', [['challenge', 'T']]],
  [10, 21, 'secure-ok', 'res', [['response', 'T']]],
  [10, 30, 'tune', 'req', [['channelMax', 's'], ['frameMax', 'l'], ['heartbeat', 's']]],
  [10, 31, 'tune-ok', 'res', [['channelMax', 's'], ['frameMax', 'l'], ['heartbeat', 's']]],
  [10, 40, 'open', 'req', [['virtualHost', 'S'], ['reserved', 'S'], ['reserved', 'b']]],
  [10, 41, 'open-ok', 'res', [['reserved', 'S']]],
  [10, 50, 'close', 'req', closeArgs],
  [10, 51, 'close-ok', 'res', []],
  [10, 60, 'blocked', 'async', [['reason', 'S']]],
  [10, 61, 'unblocked', 'async', []],
  [20, 10, 'open', 'req', [['reserved', 'S']]],
  [20, 11, 'open-ok', 'res', [['reserved', 'T']]],
  [20, 20, 'flow', 'req', [['active', 'b']]],
  [20, 21, 'flow-ok', 'res', [['active', 'b']]],
  [20, 40, 'close', 'req', closeArgs],
  [20, 41, 'close-ok', 'res', []],
  [40, 10, 'declare', 'req', [['reserved', 's'], ['exchange', 'S'], ['type', 'S'], ['passive', 'b'], ['durable', 'b'], ['autoDelete', 'b'], ['internal', 'b'], ['noWait', 'b'], ['arguments', 'F']]],
  [40, 11, 'declare-ok', 'res', []],
  [40, 20, 'delete', 'req', [['reserved', 's'], ['exchange', 'S'], ['ifUnused', 'b'], ['noWait', 'b']]],
  [40, 21, 'delete-ok', 'res', []],
  [40, 30, 'bind', 'req', [['reserved', 's'], ['destination', 'S'], ['source', 'S'], ['routingKey', 'S'], ['noWait', 'b'], ['arguments', 'F']]],
  [40, 31, 'bind-ok', 'res', []],
  [40, 40, 'unbind', 'req', [['reserved', 's'], ['destination', 'S'], ['source', 'S'], ['routingKey', 'S'], ['noWait', 'b'], ['arguments', 'F']]],
  [40, 51, 'unbind-ok', 'res', []],
  [50, 10, 'declare', 'req', [['reserved', 's'], ['queue', 'S'], ['passive', 'b'], ['durable', 'b'], ['exclusive', 'b'], ['autoDelete', 'b'], ['noWait', 'b'], ['arguments', 'F']]],
  [50, 11, 'declare-ok', 'res', [['queue', 'S'], ['messageCount', 'l'], ['consumerCount', 'l']]],
  [50, 20, 'bind', 'req', [['reserved', 's'], ['queue', 'S'], ['exchange', 'S'], ['routingKey', 'S'], ['noWait', 'b'], ['arguments', 'F']]],
  [50, 21, 'bind-ok', 'res', []],
  [50, 30, 'purge', 'req', [['reserved', 's'], ['queue', 'S'], ['noWait', 'b']]],
  [50, 31, 'purge-ok', 'res', [['messageCount', 'l']]],
  [50, 40, 'delete', 'req', [['reserved', 's'], ['queue', 'S'], ['ifUnused', 'b'], ['ifEmpty', 'b'], ['noWait', 'b']]],
  [50, 41, 'delete-ok', 'res', [['messageCount', 'l']]],
  [50, 50, 'unbind', 'req', [['reserved', 's'], ['queue', 'S'], ['exchange', 'S'], ['routingKey', 'S'], ['arguments', 'F']]],
  [50, 51, 'unbind-ok', 'res', []],
  [60, 10, 'qos', 'req', [['prefetchSize', 'l'], ['prefetchCount', 's'], ['global', 'b']]],
  [60, 11, 'qos-ok', 'res', []],
  [60, 20, 'consume', 'req', [['reserved', 's'], ['queue', 'S'], ['consumerTag', 'S'], ['noLocal', 'b'], ['noAck', 'b'], ['exclusive', 'b'], ['noWait', 'b'], ['arguments', 'F']]],
  [60, 21, 'consume-ok', 'res', [['consumerTag', 'S']]],
  [60, 30, 'cancel', 'req', [['consumerTag', 'S'], ['noWait', 'b']]],
  [60, 31, 'cancel-ok', 'res', [['consumerTag', 'S']]],
  [60, 40, 'publish', 'async', [['reserved', 's'], ['exchange', 'S'], ['routingKey', 'S'], ['mandatory', 'b'], ['immediate', 'b']], true],
  [60, 50, 'return', 'async', [['replyCode', 's'], ['replyText', 'S'], ['exchange', 'S'], ['routingKey', 'S']], true],
  [60, 60, 'deliver', 'async', [['consumerTag', 'S'], ['deliveryTag', 'L'], ['redelivered', 'b'], ['exchange', 'S'], ['routingKey', 'S']], true],
  [60, 70, 'get', 'req', [['reserved', 's'], ['queue', 'S'], ['noAck', 'b']]],
  [60, 71, 'get-ok', 'res', [['deliveryTag', 'L'], ['redelivered', 'b'], ['exchange', 'S'], ['routingKey', 'S'], ['messageCount', 'l']], true],
  [60, 72, 'get-empty', 'res', [['reserved', 'S']]],
  [60, 80, 'ack', 'async', [['deliveryTag', 'L'], ['multiple', 'b']]],
  [60, 90, 'reject', 'async', [['deliveryTag', 'L'], ['requeue', 'b']]],
  [60, 100, 'recover-async', 'async', [['requeue', 'b']]],
  [60, 110, 'recover', 'req', [['requeue', 'b']]],
  [60, 111, 'recover-ok', 'res', []],
  [60, 120, 'nack', 'async', [['deliveryTag', 'L'], ['multiple', 'b'], ['requeue', 'b']]],
  [85, 10, 'select', 'req', [['noWait', 'b']]],
  [85, 11, 'select-ok', 'res', []],
  [90, 10, 'select', 'req', []],
  [90, 11, 'select-ok', 'res', []],
  [90, 20, 'commit', 'req', []],
  [90, 21, 'commit-ok', 'res', []],
  [90, 30, 'rollback', 'req', []],
  [90, 31, 'rollback-ok', 'res', []],
];

const TABLE = new Map<number, AmqpMethod>();
for (const [classId, methodId, m, role, args, content] of ROWS) {
  TABLE.set(classId * 65536 + methodId, { classId, methodId, name: `${CLASSES[classId]} ${m}`, role, args, content });
}

export function amqpMethod(classId: number, methodId: number): AmqpMethod | undefined {
  return TABLE.get(classId * 65536 + methodId);
}

/** Every method, for encoders and tests. */
export function amqpMethods(): IterableIterator<AmqpMethod> {
  return TABLE.values();
}

export const CONNECTION_CLOSE = 10 * 65536 + 50;
export const CHANNEL_CLOSE = 20 * 65536 + 40;
export const CONNECTION_CLOSE_OK = 10 * 65536 + 51;
export const CHANNEL_CLOSE_OK = 20 * 65536 + 41;
