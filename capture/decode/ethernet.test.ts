import test from 'ava';
import { decodeFrame, hex } from '../testing/packet-hex.ts';

const MACS = '02 00 00 00 00 02  02 00 00 00 00 01'; // dst, src
const IPV4_UDP = [
  '45 00 00 1d', // v4, IHL 5, TOS 0, total length 29
  '00 01 40 00', // id 1, DF, offset 0
  '40 11 00 00', // TTL 64, UDP, checksum (not verified)
  '0a 00 00 01', // src 10.0.0.1
  '0a 00 00 02', // dst 10.0.0.2
  '30 39 00 35', // sport 12345, dport 53
  '00 09 00 00', // UDP length 9, checksum
  '41', // payload "A"
];

test('Ethernet II → IPv4 → UDP', (t) => {
  const { status, pkt, weirds } = decodeFrame(hex(MACS, '08 00', ...IPV4_UDP));
  t.is(status, 'ok');
  t.deepEqual(weirds, {});
  t.is(pkt.vlan, -1);
  t.is(pkt.ipVersion, 4);
  t.deepEqual([pkt.srcIp, pkt.dstIp, pkt.srcPort, pkt.dstPort], ['10.0.0.1', '10.0.0.2', 12345, 53]);
  t.deepEqual(Array.from(pkt.payload), [0x41]);
});

test('Ethernet padding after a short IP packet is not payload', (t) => {
  const { pkt } = decodeFrame(hex(MACS, '08 00', ...IPV4_UDP, '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00')); // padding to 60
  t.deepEqual(Array.from(pkt.payload), [0x41]);
  t.is(pkt.ipLength, 29);
  t.false(pkt.truncated);
});

test('802.1Q tag: the VLAN id is read, the inner EtherType followed', (t) => {
  const { status, pkt } = decodeFrame(
    hex(
      MACS,
      '81 00', // TPID 802.1Q
      'a0 64', // PCP 5, DEI 0, VID 100
      '08 00', // IPv4
      ...IPV4_UDP,
    ),
  );
  t.is(status, 'ok');
  t.is(pkt.vlan, 100);
  t.is(pkt.dstPort, 53);
});

test('802.1ad QinQ (0x88a8 then 0x8100) and the old 0x9100: the outer VLAN id is kept', (t) => {
  for (const outerTpid of ['88 a8', '91 00']) {
    const { status, pkt } = decodeFrame(
      hex(
        MACS,
        outerTpid, // S-tag TPID
        '0f ff', // VID 4095
        '81 00', // C-tag TPID
        '00 07', // VID 7
        '08 00',
        ...IPV4_UDP,
      ),
    );
    t.is(status, 'ok');
    t.is(pkt.vlan, 4095);
    t.is(pkt.srcIp, '10.0.0.1');
  }
});

test('ARP and 802.3/LLC frames are not IP', (t) => {
  const arp = decodeFrame(hex(MACS, '08 06', '00 01 08 00 06 04 00 01'));
  t.is(arp.status, 'not-ip');
  t.is(arp.pkt.ipVersion, 0);
  t.deepEqual(arp.weirds, {});
  const llc = decodeFrame(hex(MACS, '00 26', '42 42 03 00 00 00 00 00')); // length 38, STP LLC
  t.is(llc.status, 'not-ip');
});

test('short Ethernet header or VLAN tag → error with a weird', (t) => {
  const short = decodeFrame(hex('02 00 00 00 00 02 02 00 00 00 00 01 08')); // 13 bytes
  t.is(short.status, 'error');
  t.deepEqual(short.weirds, { eth_truncated_header: 1 });
  const tag = decodeFrame(hex(MACS, '81 00', '00 64')); // tag cut after the TCI
  t.is(tag.status, 'error');
  t.deepEqual(tag.weirds, { eth_truncated_vlan_tag: 1 });
  const endless = decodeFrame(hex(MACS, '81 00 00 01'.repeat(10), '08 00', ...IPV4_UDP));
  t.is(endless.status, 'error');
  t.deepEqual(endless.weirds, { eth_too_many_vlan_tags: 1 });
});
