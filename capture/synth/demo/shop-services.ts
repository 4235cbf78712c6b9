/**
 * What the demo's backend services do when called: each method makes the call to one
 * service from a caller and, inside the server's work, that service's own downstream calls
 * (cache, database, other services over HTTP/1.1, gRPC or REST over HTTP/2, external
 * APIs). Behaviours that make the demo worth
 * scripting: cache misses, a slow recommendations endpoint, a slow order-history query,
 * payment declines, database deadlocks, fraud-check getting slower until it crashes (and
 * payments failing while it is down), logins rejected by the identity provider, and the
 * gateway giving up on recommendations after 2 s (it resets the connection).
 */
import type { DemoCluster, LivePod } from './demo-cluster.ts';
import type { Host } from './demo-net.ts';
import { protobuf } from './h2-call.ts';
import { errorBody, traceparent } from './http1-messages.ts';
import { pgCommand, pgError, pgRows } from './postgres-messages.ts';
import type { CallResult, ServiceCalls } from './service-calls.ts';
import { EXTERNAL } from './topology.ts';

/** Per-request context handed down the call tree. */
export interface TraceContext {
  trace: number;
  user: number;
  product: number;
  span: number;
}

const bulk = (v: string) => `$${Buffer.byteLength(v)}\r\n${v}\r\n`;
const exp = (rand: () => number, mean: number) => -Math.log(1 - rand()) * mean;
const GRPC_UA = 'grpc-go/1.62.1';

export class ShopServices {
  private orderOffset = 5000;

  constructor(
    private readonly calls: ServiceCalls,
    private readonly cluster: DemoCluster,
    private readonly rand: () => number,
  ) {}

  private meta(ctx: TraceContext): [string, string][] {
    return [['traceparent', traceparent(ctx.trace, ++ctx.span)]];
  }

  private host(p: LivePod): Host {
    return this.cluster.host(p);
  }

  getProduct(from: Host, t: number, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('catalogue');
    return this.calls.grpc(from, pod, t, '/shop.catalogue.v1.Catalogue/GetProduct', protobuf({ 1: `p-${ctx.product}` }), (ta) => {
      const me = this.host(pod);
      let at = this.calls.redis(me, ta + 0.1, [[['GET', `product:${ctx.product}`], this.rand() < 0.8 ? bulk(`{"id":${ctx.product},"stock":17,"v":3}`) : '$-1\r\n']]);
      if (this.rand() < 0.2) {
        at = this.calls.postgres(me, at, 'catalogue', [{ sql: `SELECT id, name, price_cents, stock FROM products WHERE id = ${ctx.product}`, ms: 0.6 + exp(this.rand, 2), reply: pgRows(['id', 'name', 'price_cents', 'stock'], [[String(ctx.product), `Product ${ctx.product}`, '2599', '17']], 'SELECT 1') }]);
        at = this.calls.redis(me, at, [[['SET', `product:${ctx.product}`, `{"id":${ctx.product}}`, 'EX', '300'], '+OK\r\n']]);
      }
      if (ctx.product % 97 === 0) return { at: at + 0.3, status: 5, responses: [], message: `product ${ctx.product} not found` };
      return { at: at + 0.3 + exp(this.rand, 0.5), status: 0, responses: [protobuf({ 1: `p-${ctx.product}`, 2: `Product ${ctx.product}`, 3: 2599, 4: 17 })] };
    }, this.meta(ctx));
  }

  listProducts(from: Host, t: number, ctx: TraceContext, page: number): CallResult {
    const pod = this.cluster.pick('catalogue');
    return this.calls.grpc(from, pod, t, '/shop.catalogue.v1.Catalogue/ListProducts', protobuf({ 1: page, 2: 12 }), (ta) => {
      const rows = Array.from({ length: 12 }, (_, i) => [String(page * 12 + i), `Product ${page * 12 + i}`, String(999 + 100 * i)]);
      const at = this.calls.postgres(this.host(pod), ta + 0.1, 'catalogue', [{ sql: `SELECT id, name, price_cents FROM products ORDER BY id LIMIT 12 OFFSET ${page * 12}`, ms: 1 + exp(this.rand, 4), reply: pgRows(['id', 'name', 'price_cents'], rows, 'SELECT 12') }]);
      return { at: at + 0.5, status: 0, responses: rows.slice(0, 4).map((r) => protobuf({ 1: `p-${r[0]}`, 2: r[1], 3: Number(r[2]) })) };
    }, this.meta(ctx));
  }

  recommendations(from: Host, t: number, ctx: TraceContext): CallResult {
    const req = { method: 'GET', path: `/api/v1/recommendations?product=${ctx.product}&limit=4`, userAgent: 'gateway/1.8.0', headers: [['traceparent', traceparent(ctx.trace, ++ctx.span)]] as [string, string][], timeoutMs: 2000 };
    return this.calls.http(from, this.cluster.pick('recommendations'), t, req, (ta) => {
      const r = this.rand();
      if (r < 0.02) return { at: ta + 5 + exp(this.rand, 10), status: 500, body: errorBody(500, 'model server returned no scores') };
      const ms = r < 0.12 ? 800 + this.rand() * 1700 : 20 + exp(this.rand, 25);
      return { at: ta + ms, status: 200, body: JSON.stringify({ product: ctx.product, items: [ctx.product + 1, ctx.product + 7, ctx.product + 13, ctx.product + 21] }) };
    });
  }

  cart(from: Host, t: number, ctx: TraceContext, add: boolean): CallResult {
    const pod = this.cluster.pick('cart');
    const req = add
      ? { method: 'POST', path: `/api/v1/carts/${ctx.user}/items`, body: JSON.stringify({ productId: ctx.product, quantity: 1 + (ctx.trace % 3) }) }
      : { method: 'GET', path: `/api/v1/carts/${ctx.user}` };
    return this.calls.http(from, pod, t, { ...req, userAgent: 'gateway/1.8.0', headers: [['traceparent', traceparent(ctx.trace, ++ctx.span)]] }, (ta) => {
      const me = this.host(pod);
      const at = add
        ? this.calls.redis(me, ta + 0.1, [[['HSET', `cart:${ctx.user}`, `p-${ctx.product}`, '1'], ':1\r\n'], [['EXPIRE', `cart:${ctx.user}`, '86400'], ':1\r\n']])
        : this.calls.redis(me, ta + 0.1, [[['HGETALL', `cart:${ctx.user}`], `*2\r\n${bulk(`p-${ctx.product}`)}${bulk('2')}`]]);
      return add
        ? { at: at + 0.4, status: 201, body: JSON.stringify({ user: ctx.user, added: ctx.product }) }
        : { at: at + 0.4, status: 200, body: JSON.stringify({ user: ctx.user, items: [{ productId: ctx.product, quantity: 2 }] }) };
    });
  }

  orderHistory(from: Host, t: number, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('orders');
    return this.calls.http(from, pod, t, { method: 'GET', path: `/api/v1/orders?user=${ctx.user}&limit=20`, userAgent: 'gateway/1.8.0', headers: [['traceparent', traceparent(ctx.trace, ++ctx.span)]] }, (ta) => {
      const rows = Array.from({ length: 3 }, (_, i) => [String(ctx.user * 10 + i), 'shipped']);
      const at = this.calls.postgres(this.host(pod), ta + 0.1, 'orders', [{ sql: `SELECT id, status FROM orders WHERE user_id = ${ctx.user} ORDER BY created_at DESC LIMIT 20`, ms: 150 + exp(this.rand, 400), reply: pgRows(['id', 'status'], rows, 'SELECT 3') }]);
      return { at: at + 0.5, status: 200, body: JSON.stringify({ user: ctx.user, orders: rows.map((r) => ({ id: Number(r[0]), status: r[1] })) }) };
    });
  }

  /** POST /api/v1/orders: look up the user, charge, store, publish. */
  checkout(from: Host, t: number, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('orders');
    const body = JSON.stringify({ user: ctx.user, items: [{ productId: ctx.product, quantity: 1 }] });
    return this.calls.http(from, pod, t, { method: 'POST', path: '/api/v1/orders', body, userAgent: 'gateway/1.8.0', headers: [['traceparent', traceparent(ctx.trace, ++ctx.span)]] }, (ta) => {
      const me = this.host(pod);
      const user = this.getUser(me, ta + 0.2, ctx);
      const pay = this.charge(me, user.end + 0.2, ctx);
      if (pay.status === 14) return { at: pay.end + 0.3, status: 502, body: errorBody(502, 'payment service unavailable') };
      if (pay.status !== 0) return { at: pay.end + 0.3, status: 402, body: errorBody(402, 'payment declined') };
      const id = this.orderOffset++;
      if (this.rand() < 0.015) {
        const at = this.calls.postgres(me, pay.end + 0.2, 'orders', [{ sql: `INSERT INTO orders (id, user_id, total_cents) VALUES (${id}, ${ctx.user}, 2599)`, ms: 40 + exp(this.rand, 30), reply: pgError('40P01', 'deadlock detected') }]);
        return { at: at + 0.3, status: 500, body: errorBody(500, 'could not store the order') };
      }
      const quote = this.shippingQuote(me, pay.end + 0.2, ctx);
      let at = this.calls.postgres(me, quote.end + 0.2, 'orders', [{ sql: `INSERT INTO orders (id, user_id, total_cents) VALUES (${id}, ${ctx.user}, 2599)`, ms: 1 + exp(this.rand, 3), reply: pgCommand('INSERT 0 1') }]);
      at = this.calls.produce(me, at + 0.1, 'orders', 'orders', id, [JSON.stringify({ orderId: id, user: ctx.user, totalCents: 2599 })]);
      return { at: at + 0.3, status: 201, body: JSON.stringify({ orderId: id, status: 'confirmed' }) };
    });
  }

  /** orders → shipping: a delivery quote, REST over HTTP/2. */
  private shippingQuote(from: Host, t: number, ctx: TraceContext): CallResult {
    const body = JSON.stringify({ user: ctx.user, items: 1, country: 'DE' });
    return this.calls.h2(from, this.cluster.pick('shipping'), t, { method: 'POST', path: '/api/v1/quotes', body, userAgent: 'orders/3.0.4' }, (ta) => ({
      at: ta + 2 + exp(this.rand, 3),
      status: 200,
      body: JSON.stringify({ carrier: ctx.user % 2 ? 'DHL' : 'UPS', priceCents: 499, days: 2 }),
    }));
  }

  getUser(from: Host, t: number, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('users');
    return this.calls.grpc(from, pod, t, '/shop.users.v1.Users/GetUser', protobuf({ 1: ctx.user }), (ta) => {
      const at = this.calls.postgres(this.host(pod), ta + 0.1, 'users', [{ sql: `SELECT id, email, tier FROM users WHERE id = ${ctx.user}`, ms: 0.5 + exp(this.rand, 1.5), reply: pgRows(['id', 'email', 'tier'], [[String(ctx.user), `user${ctx.user}@mail.example`, 'gold']], 'SELECT 1') }]);
      return { at: at + 0.2, status: 0, responses: [protobuf({ 1: ctx.user, 2: `user${ctx.user}@mail.example`, 3: 'gold' })] };
    }, this.meta(ctx));
  }

  login(from: Host, t: number, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('users');
    return this.calls.grpc(from, pod, t, '/shop.users.v1.Users/Login', protobuf({ 1: `user${ctx.user}@mail.example` }), (ta) => {
      const me = this.host(pod);
      let at = this.calls.tls(me, EXTERNAL.identityProvider, ta + 0.1, 'shop', 1, () => 40 + exp(this.rand, 30));
      if (this.rand() < 0.1) return { at: at + 0.3, status: 16, responses: [], message: 'invalid credentials' };
      at = this.calls.postgres(me, at, 'users', [{ sql: `UPDATE users SET last_login = now() WHERE id = ${ctx.user}`, ms: 0.8 + exp(this.rand, 2), reply: pgCommand('UPDATE 1') }]);
      return { at: at + 0.2, status: 0, responses: [protobuf({ 1: ctx.user, 2: `session-${ctx.trace}` })] };
    }, this.meta(ctx));
  }

  /** payments: fraud score, the external provider, then the ledger. */
  charge(from: Host, t: number, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('payment');
    return this.calls.grpc(from, pod, t, '/payments.v1.Payment/Charge', protobuf({ 1: ctx.user, 2: 2599, 3: 'EUR' }), (ta) => {
      const me = this.host(pod);
      const fraud = this.fraudScore(me, ta + 0.2, ctx);
      if (fraud.refused) return { at: fraud.end + 0.5, status: 14, responses: [], message: 'fraud-check: connection refused' };
      if (fraud.status !== 200 || this.rand() < 0.02) return { at: fraud.end + 0.3, status: 9, responses: [], message: 'declined: fraud score too high' };
      const paid = this.calls.tls(me, EXTERNAL.paymentProvider, fraud.end + 0.2, 'payments', 1, () => 80 + exp(this.rand, 90));
      if (this.rand() < 0.03) return { at: paid + 0.3, status: 9, responses: [], message: 'declined by the card issuer' };
      const ledger = this.ledger(me, paid + 0.2, ctx);
      return { at: ledger.end + 0.3, status: 0, responses: [protobuf({ 1: `ch_${ctx.trace}`, 2: 'succeeded' })] };
    }, this.meta(ctx));
  }

  private fraudScore(from: Host, t: number, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('fraud-check');
    return this.calls.http(from, pod, t, { method: 'POST', path: '/api/v1/score', body: JSON.stringify({ user: ctx.user, amountCents: 2599 }), userAgent: 'payment/4.2.0' }, (ta) => {
      // A memory leak: the longer the container runs, the slower it answers (until the OOM kill).
      const leak = Math.max(0, ta - pod.upSince) / 1000;
      return { at: ta + 3 + leak * 0.4 + exp(this.rand, 2), status: 200, body: JSON.stringify({ user: ctx.user, score: Math.round(this.rand() * 100) / 100 }) };
    });
  }

  private ledger(from: Host, t: number, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('ledger');
    return this.calls.http(from, pod, t, { method: 'POST', path: '/api/v1/entries', body: JSON.stringify({ charge: `ch_${ctx.trace}`, amountCents: 2599 }), userAgent: 'payment/4.2.0' }, (ta) => {
      const at = this.calls.postgres(this.host(pod), ta + 0.1, 'ledger', [{ sql: `INSERT INTO entries (charge_id, amount_cents) VALUES ('ch_${ctx.trace}', 2599)`, ms: 1 + exp(this.rand, 2), reply: pgCommand('INSERT 0 1') }]);
      return { at: at + 0.3, status: 201, body: JSON.stringify({ entry: ctx.trace, status: 'booked' }) };
    });
  }
}
