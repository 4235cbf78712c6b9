/**
 * Built-in dissectors, in no particular order (the registry sorts and indexes them after
 * collection). Later protocols append here.
 */
import type { DissectorDescriptor } from './descriptor.ts';
import { dns, dnsTcp } from './protocols/dns.ts';
import { http } from './protocols/http.ts';
import { http2 } from './protocols/http2.ts';
import { websocket } from './protocols/websocket.ts';
import { amqp } from './protocols/amqp.ts';
import { kafka } from './protocols/kafka.ts';
import { rawTcp } from './protocols/raw-tcp.ts';
import { rawUdp } from './protocols/raw-udp.ts';
import { redis } from './protocols/redis.ts';
import { tls } from './protocols/tls.ts';

export const builtinDissectors: DissectorDescriptor[] = [http, dns, dnsTcp, http2, websocket, redis, kafka, amqp, tls, rawTcp, rawUdp];

/** Raw dissectors for flows no protocol claims (registry option `fallback`). */
export const builtinFallback = { tcp: 'tcp', udp: 'udp' } as const;
