/**
 * One shopper's request through the demo cluster, from an internet client:
 *
 *   client → ingress-nginx → frontend → gateway → catalogue / recommendations / cart /
 *   orders (→ users, payment → fraud-check, provider, ledger, postgres, kafka) / users
 *
 * Status codes propagate back up (a payment outage turns into 502s at the edge); the
 * frontend also fetches assets from the CDN now and then. Pages are weighted like a
 * shop's traffic (browsing far more than buying).
 */
import type { DemoCluster, LivePod } from './demo-cluster.ts';
import type { Host } from './demo-net.ts';
import { errorBody, traceparent } from './http1-messages.ts';
import type { CallResult, ServiceCalls } from './service-calls.ts';
import type { ShopServices, TraceContext } from './shop-services.ts';
import { EXTERNAL, internetClient } from './topology.ts';

export type Page = 'home' | 'product' | 'cart' | 'add-to-cart' | 'checkout' | 'orders' | 'login';

const PAGES: [Page, number][] = [['home', 0.32], ['product', 0.3], ['cart', 0.12], ['add-to-cart', 0.08], ['checkout', 0.08], ['orders', 0.05], ['login', 0.05]];

const BROWSERS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'curl/8.5.0',
];

interface PageRequest {
  method: string;
  path: string;
  api: string;
  body?: string;
}

function pageRequest(page: Page, ctx: TraceContext): PageRequest {
  switch (page) {
    case 'home':
      return { method: 'GET', path: '/', api: `/api/v1/products?page=${ctx.trace % 5}&size=12` };
    case 'product':
      return { method: 'GET', path: `/product/${ctx.product}`, api: `/api/v1/products/${ctx.product}` };
    case 'cart':
      return { method: 'GET', path: '/cart', api: '/api/v1/cart' };
    case 'add-to-cart':
      return { method: 'POST', path: '/cart', api: '/api/v1/cart/items', body: JSON.stringify({ productId: ctx.product, quantity: 1 }) };
    case 'checkout':
      return { method: 'POST', path: '/checkout', api: '/api/v1/orders', body: JSON.stringify({ cart: `cart-${ctx.user}` }) };
    case 'orders':
      return { method: 'GET', path: '/account/orders', api: `/api/v1/orders?user=${ctx.user}` };
    case 'login':
      return { method: 'POST', path: '/login', api: '/api/v1/session', body: JSON.stringify({ email: `user${ctx.user}@mail.example` }) };
  }
}

/** HTTP status a gRPC status becomes at the gateway. */
function httpOf(r: CallResult): number {
  if (r.refused) return 503;
  return r.status === 0 ? 200 : r.status === 5 ? 404 : r.status === 16 ? 401 : r.status === 9 ? 402 : r.status === 14 ? 503 : 500;
}

export class UserTraces {
  /** User requests started. */
  count = 0;

  constructor(
    private readonly calls: ServiceCalls,
    private readonly cluster: DemoCluster,
    private readonly shop: ShopServices,
    private readonly rand: () => number,
  ) {}

  /** One shopper request arriving at the ingress at `t`. */
  request(t: number): void {
    const ctx: TraceContext = { trace: ++this.count, user: 1000 + Math.floor(this.rand() * 400), product: 1 + Math.floor(this.rand() * 800), span: 0 };
    let x = this.rand();
    const page = PAGES.find(([, w]) => (x -= w) < 0)?.[0] ?? 'home';
    const req = pageRequest(page, ctx);
    const client: Host = { ip: internetClient(Math.floor(this.rand() * 240)), node: '' };
    const ingress = this.cluster.pick('ingress-nginx');
    const ua = BROWSERS[Math.floor(this.rand() * BROWSERS.length)];
    this.calls.http(client, ingress, t, { method: req.method, path: req.path, body: req.body, userAgent: ua, host: 'shop.example.com' }, (ta) => {
      const r = this.frontend(ingress, ta + 0.1, page, req, ua, ctx);
      const status = r.refused ? 502 : r.status;
      return { at: r.end + 0.1, status, body: status < 400 ? `<!doctype html><html><head><title>Shop</title></head><body data-page="${page}"></body></html>` : errorBody(status, 'upstream error'), contentType: status < 400 ? 'text/html; charset=utf-8' : undefined };
    });
  }

  private frontend(ingress: LivePod, t: number, page: Page, req: PageRequest, ua: string, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('frontend');
    const headers: [string, string][] = [['X-Forwarded-For', '198.51.100.1'], ['X-Request-Id', `req-${ctx.trace}`]];
    return this.calls.http(this.cluster.host(ingress), pod, t, { method: req.method, path: req.path, body: req.body, userAgent: ua, headers, dns: false }, (ta) => {
      const me = this.cluster.host(pod);
      if ((page === 'home' || page === 'product') && this.rand() < 0.15) this.calls.tls(me, EXTERNAL.cdn, ta + 0.2, 'shop', 1 + Math.floor(this.rand() * 3), () => 5 + this.rand() * 20);
      const g = this.gateway(me, ta + 0.3, page, req, ctx);
      const status = g.refused ? 502 : g.status >= 500 ? 502 : g.status;
      return { at: g.end + 1 + this.rand() * 4, status, body: status < 400 ? JSON.stringify({ page, rendered: true }) : errorBody(status, 'gateway error'), chunked: status === 200 && this.rand() < 0.3 };
    });
  }

  private gateway(from: Host, t: number, page: Page, req: PageRequest, ctx: TraceContext): CallResult {
    const pod = this.cluster.pick('gateway');
    const headers: [string, string][] = [['traceparent', traceparent(ctx.trace, ++ctx.span)], ['X-User-Id', String(ctx.user)]];
    return this.calls.http(from, pod, t, { method: req.method, path: req.api, body: req.body, userAgent: 'frontend/2.3.1', headers }, (ta) => {
      const me = this.cluster.host(pod);
      const at = ta + 0.3 + this.rand();
      switch (page) {
        case 'home': {
          const r = this.shop.listProducts(me, at, ctx, ctx.trace % 5);
          return { at: r.end + 0.5, status: httpOf(r), body: JSON.stringify({ page: ctx.trace % 5, products: 12 }) };
        }
        case 'product': {
          const p = this.shop.getProduct(me, at, ctx);
          const rec = this.shop.recommendations(me, at + 0.1, ctx);
          const status = httpOf(p);
          return { at: Math.max(p.end, rec.end) + 0.5, status, body: status === 200 ? JSON.stringify({ id: ctx.product, recommendations: rec.status === 200 ? 4 : 0 }) : errorBody(status, 'product lookup failed') };
        }
        case 'cart':
        case 'add-to-cart': {
          const r = this.shop.cart(me, at, ctx, page === 'add-to-cart');
          return { at: r.end + 0.3, status: r.refused ? 503 : r.status, body: JSON.stringify({ user: ctx.user }) };
        }
        case 'checkout': {
          const r = this.shop.checkout(me, at, ctx);
          return { at: r.end + 0.3, status: r.refused ? 503 : r.status, body: r.status < 400 ? JSON.stringify({ ok: true }) : errorBody(r.status, 'checkout failed') };
        }
        case 'orders': {
          const r = this.shop.orderHistory(me, at, ctx);
          return { at: r.end + 0.3, status: r.refused ? 503 : r.status, body: JSON.stringify({ user: ctx.user }) };
        }
        case 'login': {
          const r = this.shop.login(me, at, ctx);
          const status = httpOf(r);
          return { at: r.end + 0.3, status: status === 200 ? 201 : status, body: status === 200 ? JSON.stringify({ session: `s-${ctx.trace}` }) : errorBody(status, 'login failed') };
        }
      }
    });
  }
}
