/**
 * A live-like packet source for the streaming benchmark: `rate` HTTP/1.1 exchanges per
 * second on wall-clock time, in ticks of 100 ms, every exchange on its own connection
 * from a fresh client address and port (so no flow is ever reused).
 */
import { LinkType } from '../../../capture/source/link-types.ts';
import type { RawPacket } from '../../../capture/source/raw-packet.ts';
import { TcpConversation, type FrameSink } from '../../../capture/synth/tcp-conversation.ts';
import type { PacketSource } from '../../../runtime/roles/packet-source.ts';

const TICK_MS = 100;
const enc = new TextEncoder();
const PATHS = ['/api/v1/users/', '/api/v1/orders/', '/api/v2/catalogue/items/', '/healthz/'];

export function pacedHttpSource(o: { rate: number; name?: string }): PacketSource & { readonly exchanges: number } {
  let exchanges = 0;
  return {
    name: o.name ?? `paced-http:${o.rate}/s`,
    get exchanges() {
      return exchanges;
    },
    async run(push: (raw: RawPacket) => void, signal: AbortSignal) {
      const sink: FrameSink = {
        frame(t, data) {
          const sec = Math.floor(t / 1000);
          push({ linkType: LinkType.ETHERNET, tsSec: sec, tsNsec: Math.round((t - sec * 1000) * 1e6), origLen: data.length, data: data.slice(), interfaceId: 0 });
        },
      };
      const perTick = Math.max(1, Math.round((o.rate * TICK_MS) / 1000));
      const started = Date.now();
      for (let tick = 0; !signal.aborted; tick++) {
        let t = Date.now();
        for (let i = 0; i < perTick; i++, exchanges++) {
          const k = exchanges;
          const c = new TcpConversation(sink, { client: { ip: `10.${128 + ((k >> 16) & 127)}.${(k >> 8) & 255}.${(k & 255) || 1}`, port: 1024 + (k % 60000) }, server: { ip: `10.1.0.${1 + (k % 12)}`, port: 80 } });
          t = c.open(t);
          t = c.send(0, enc.encode(`GET ${PATHS[k % PATHS.length]}${k} HTTP/1.1\r\nHost: api\r\nAccept: application/json\r\n\r\n`), t);
          const body = `{"id":${k},"ok":true}`;
          t = c.send(1, enc.encode(`HTTP/1.1 ${k % 50 === 0 ? '500 Internal Server Error' : '200 OK'}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`), t + 0.3);
          t = c.close(t + 0.01, 0);
        }
        const wait = started + (tick + 1) * TICK_MS - Date.now();
        if (wait > 0) await new Promise<void>((r) => {
          const timer = setTimeout(r, wait);
          signal.addEventListener('abort', () => (clearTimeout(timer), r()), { once: true });
        });
      }
    },
  };
}
