/**
 * One DNS message (RFC 1035 §4) → Kubeshark fields.
 *  - query (QR = 0): `{opCode, questions: [{name, type, class}]}`;
 *  - response (QR = 1): `{code, answers, authorities, additionals}` with records as in
 *    dns-rdata.ts; `code` includes the EDNS0 extended RCODE when an OPT record is present.
 * A message cut short (or with malformed sections) is counted as `dns_truncated` /
 * the specific weird and still returned with what parsed, flagged `complete: false`.
 */
import { NameReader } from './dns-name.ts';
import { decodeRdata, emptyRecord } from './dns-rdata.ts';
import type { DnsRecord } from './dns-rdata.ts';
import { TYPE_OPT, className, opcodeName, rcodeName, typeName } from './dns-tables.ts';

export const DNS_HEADER = 12;

export interface DnsMessage {
  id: number;
  response: boolean;
  fields: Record<string, any>;
  /** False when the message was cut short or malformed; fields hold what parsed. */
  complete: boolean;
}

/** Parse the message in b (exactly one message). Returns null when shorter than a header. */
export function parseDnsMessage(b: Uint8Array, weird: (n: string) => void): DnsMessage | null {
  if (b.length < DNS_HEADER) return null;
  const id = (b[0] << 8) | b[1];
  const flags = (b[2] << 8) | b[3];
  const response = (flags & 0x8000) !== 0;
  const counts = [(b[4] << 8) | b[5], (b[6] << 8) | b[7], (b[8] << 8) | b[9], (b[10] << 8) | b[11]];
  const names = new NameReader(weird);
  const questions: { name: string; type: string; class: string }[] = [];
  const sections: DnsRecord[][] = [[], [], []];
  let p = DNS_HEADER;
  let complete = true;
  let extRcode = -1;

  for (let i = 0; i < counts[0] && complete; i++) {
    if (!names.read(b, p) || names.end + 4 > b.length) {
      if (names.end >= 0) weird('dns_truncated');
      complete = false;
      break;
    }
    p = names.end;
    questions.push({ name: names.name, type: typeName((b[p] << 8) | b[p + 1]), class: className((b[p + 2] << 8) | b[p + 3]) });
    p += 4;
  }
  for (let sec = 0; sec < 3 && complete; sec++) {
    for (let i = 0; i < counts[sec + 1]; i++) {
      if (!names.read(b, p) || names.end + 10 > b.length) {
        if (names.end >= 0) weird('dns_truncated');
        complete = false;
        break;
      }
      const name = names.name;
      p = names.end;
      const type = (b[p] << 8) | b[p + 1];
      const cls = (b[p + 2] << 8) | b[p + 3];
      const ttl = ((b[p + 4] << 24) | (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7]) >>> 0;
      const rdlen = (b[p + 8] << 8) | b[p + 9];
      const s = p + 10;
      const e = s + rdlen;
      if (e > b.length) {
        weird('dns_truncated');
        complete = false;
        break;
      }
      const r = emptyRecord(name, typeName(type), className(cls), ttl);
      if (!decodeRdata(r, type, cls, ttl, b, s, e, names)) weird('dns_bad_rdata');
      if (type === TYPE_OPT) extRcode = ttl >>> 24;
      sections[sec].push(r);
      p = e;
    }
  }
  if (complete && p < b.length) weird('dns_trailing_bytes');

  let fields: Record<string, any>;
  if (response) {
    const rcode = (flags & 0x0f) | (extRcode > 0 ? extRcode << 4 : 0);
    fields = { code: rcodeName(rcode), answers: sections[0], authorities: sections[1], additionals: sections[2] };
  } else {
    fields = { opCode: opcodeName((flags >> 11) & 0x0f), questions };
  }
  return { id, response, fields, complete };
}
