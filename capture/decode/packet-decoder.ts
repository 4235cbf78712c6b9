/**
 * L2–L4 decoder: fills a reused DecodedPacket from a RawPacket in place. Dispatches on the
 * link type, then on the EtherType, then on the IP protocol; one file per layer does the
 * work. Payloads are views into `raw.data`, or — for a datagram rebuilt from fragments
 * (`out.fragmented`) — into the reassembly buffer, with `out.raw` the fragment that
 * completed it. Malformed input never throws: it counts a weird (see each layer's file for
 * the names) and returns 'error'. Reassembly state expires on packet time; call `finish()`
 * at the end of a capture.
 *
 * Statuses: 'ok' — L3/L4 fields are filled (any IP protocol; ports only for TCP/UDP);
 * 'not-ip' — a valid frame that carries no IP (ARP, LLC, unknown link type ...);
 * 'fragment' — an IP fragment held for reassembly, nothing to process yet;
 * 'error' — malformed or too short to decode.
 */
import type { RawPacket } from '../source/raw-packet.ts';
import type { DecodedPacket } from './decoded-packet.ts';
import type { Weirds } from '../weird.ts';
import type { IpDefragOptions } from './ip-defrag.ts';
import { packetTimeMs } from '../source/raw-packet.ts';
import { LinkType } from '../source/link-types.ts';
import { DecodeCursor, EtherType, IpResult } from './decode-cursor.ts';
import { decodeEthernet } from './ethernet.ts';
import { decodeSll, decodeSll2 } from './linux-sll.ts';
import { decodeNullLoop } from './null-loop.ts';
import { decodeIpv4 } from './ipv4.ts';
import { decodeIpv6, walkIpv6Extensions } from './ipv6.ts';
import { decodeTcp } from './tcp.ts';
import { decodeUdp } from './udp.ts';
import { decodeIcmp } from './icmp.ts';
import { IpDefrag } from './ip-defrag.ts';
import { IpProto } from './decoded-packet.ts';

export type DecodeStatus = 'ok' | 'not-ip' | 'fragment' | 'error';

export interface PacketDecoderOptions {
  /** Limits of IP fragment reassembly (datagrams in progress, packet-time timeout). */
  defrag?: IpDefragOptions;
}

export class PacketDecoder {
  private readonly cur = new DecodeCursor();
  private readonly defrag: IpDefrag;

  constructor(
    private readonly weirds: Weirds,
    opts: PacketDecoderOptions = {},
  ) {
    this.defrag = new IpDefrag(weirds, opts.defrag);
  }

  /** IP datagrams waiting for more fragments. */
  get fragmentsInProgress(): number {
    return this.defrag.inProgress;
  }

  /** Decode `raw` into `out` (which is reset first). Never throws on packet content. */
  decode(raw: RawPacket, out: DecodedPacket): DecodeStatus {
    const tsMs = packetTimeMs(raw);
    out.reset(raw, tsMs);
    if (this.defrag.inProgress !== 0) this.defrag.expire(tsMs);
    const data = raw.data;
    const cur = this.cur;
    cur.start(data.length, raw.origLen);
    // Ethernet first: the common link type stays a small inlined call, the switch stays cold.
    const linked = raw.linkType === LinkType.ETHERNET ? decodeEthernet(data, cur, out, this.weirds) : this.decodeLink(raw.linkType, data, out);
    if (!linked) return 'error';
    let r: number;
    if (cur.next === EtherType.IPV4) r = decodeIpv4(data, cur, out, this.weirds);
    else if (cur.next === EtherType.IPV6) r = decodeIpv6(data, cur, out, this.weirds);
    else return 'not-ip';
    if (r === IpResult.Ok) return this.decodeTransport(data, out);
    if (r === IpResult.Error) return 'error';
    return this.reassemble(data, out, tsMs);
  }

  /** End of capture: give up the datagrams still waiting for fragments (counted). */
  finish(): void {
    this.defrag.clear();
  }

  private decodeLink(linkType: number, data: Uint8Array, out: DecodedPacket): boolean {
    const cur = this.cur;
    switch (linkType) {
      case LinkType.ETHERNET:
        return decodeEthernet(data, cur, out, this.weirds);
      case LinkType.LINUX_SLL:
        return decodeSll(data, cur, out, this.weirds);
      case LinkType.LINUX_SLL2:
        return decodeSll2(data, cur, out, this.weirds);
      case LinkType.NULL:
        return decodeNullLoop(data, cur, this.weirds, false);
      case LinkType.LOOP:
        return decodeNullLoop(data, cur, this.weirds, true);
      case LinkType.RAW: {
        if (data.length === 0) {
          this.weirds.add('raw_empty_packet');
          return false;
        }
        const v = data[0] >> 4;
        cur.next = v === 4 ? EtherType.IPV4 : v === 6 ? EtherType.IPV6 : 0;
        if (cur.next === 0) this.weirds.add('raw_bad_ip_version');
        return true;
      }
      case LinkType.IPV4:
        cur.next = EtherType.IPV4;
        return true;
      case LinkType.IPV6:
        cur.next = EtherType.IPV6;
        return true;
      default:
        this.weirds.add('link_unsupported_type');
        cur.next = 0;
        return true;
    }
  }

  private decodeTransport(data: Uint8Array, out: DecodedPacket): DecodeStatus {
    const cur = this.cur;
    switch (cur.next) {
      case IpProto.TCP:
        return decodeTcp(data, cur, out, this.weirds) ? 'ok' : 'error';
      case IpProto.UDP:
        return decodeUdp(data, cur, out, this.weirds) ? 'ok' : 'error';
      case IpProto.ICMP:
      case IpProto.ICMPV6:
        return decodeIcmp(data, cur, out, this.weirds) ? 'ok' : 'error';
      default:
        if (cur.offset < cur.end) out.payload = data.subarray(cur.offset, cur.end);
        out.payloadWireLength = cur.wireLength;
        return 'ok';
    }
  }

  /** Hand a fragment to reassembly; when it completes the datagram, decode on from there. */
  private reassemble(data: Uint8Array, out: DecodedPacket, tsMs: number): DecodeStatus {
    const cur = this.cur;
    const st = this.defrag.add(out, cur, data, tsMs);
    if (st !== 'ok') return st;
    const whole = this.defrag.datagram;
    cur.offset = 0;
    cur.end = whole.length;
    cur.wireLength = whole.length;
    if (out.ipVersion === 4) {
      out.ipLength = cur.fragHeaderLength + whole.length;
      cur.next = out.ipProto;
    } else {
      out.ipLength = 40 + cur.fragHeaderLength + whole.length;
      cur.next = out.ipProto;
      if (walkIpv6Extensions(whole, cur, out, this.weirds, false) === IpResult.Error) return 'error';
    }
    return this.decodeTransport(whole, out);
  }
}
