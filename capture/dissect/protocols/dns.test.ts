import test from 'ava';
import type { Item } from '../../item.ts';
import { byteByByte, feed, flowOf, harness, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { dnsMessage, optRecord, rd, tcpFrame } from '../testing/dns-builder.ts';
import type { DnsMessageSpec } from '../testing/dns-builder.ts';
import { detectDnsTcp, detectDnsUdp } from './dns-detect.ts';
import { dns, dnsTcp } from './dns.ts';

const udp = flowOf('udp', 53);

function exchange(q: DnsMessageSpec, r: DnsMessageSpec): { items: Item[]; weirds: Record<string, number> } {
  const h = run([dns], [{ dir: 0, bytes: dnsMessage(q) }, { dir: 1, bytes: dnsMessage(r) }], { flow: udp });
  return { items: h.items, weirds: h.weirds.toJSON() };
}

function answer(name: string, type: number, questions: { name: string; type: number }[], rs: Omit<DnsMessageSpec, 'id'> = {}) {
  return exchange({ id: 77, questions }, { id: 77, response: true, questions, ...rs });
}

test('A query and response: Kubeshark DNS fields and protocol', (t) => {
  const q = [{ name: 'api.example.com', type: 1 }];
  const { items, weirds } = answer('api.example.com', 1, q, { answers: [{ name: 'api.example.com', type: 1, ttl: 60, data: rd.a('10.2.3.4') }] });
  t.is(items.length, 1);
  const [it] = items;
  t.deepEqual(it.request, { opCode: 'Query', questions: [{ name: 'api.example.com', type: 'A', class: 'IN' }] });
  t.is(it.response?.code, 'No Error');
  t.like(it.response?.answers[0], { name: 'api.example.com', type: 'A', class: 'IN', ttl: 60, ip: '10.2.3.4', cname: '', mx: '', txts: '' });
  t.deepEqual(it.response?.authorities, []);
  t.like(it.protocol, { name: 'dns', version: '0', abbr: 'DNS', macro: 'dns', backgroundColor: '#606060', layer4: 'udp', priority: 4 });
  t.deepEqual(it.protocol.ports, ['53', '5353']);
  t.is(it.stream, '000000000007_udp.pcap');
  t.is(it.error, null);
  t.deepEqual(weirds, {});
});

test('AAAA answers print RFC 5952 text', (t) => {
  const q = [{ name: 'v6.example.com', type: 28 }];
  const { items } = answer('v6', 28, q, { answers: [{ name: 'v6.example.com', type: 28, data: rd.aaaa([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x42]) }] });
  t.is(items[0].response?.answers[0].ip, '2001:db8::42');
  t.is(items[0].response?.answers[0].type, 'AAAA');
});

test('a CNAME chain resolves through compressed names', (t) => {
  const q = [{ name: 'www.shop.example', type: 1 }];
  const { items } = answer('', 1, q, {
    answers: [
      { name: 'www.shop.example', type: 5, data: rd.name('shop.cdn.example') },
      { name: 'shop.cdn.example', type: 5, data: rd.name('edge.cdn.example') },
      { name: 'edge.cdn.example', type: 1, data: rd.a('192.0.2.7') },
    ],
  });
  const a = items[0].response!.answers;
  t.deepEqual(a.map((r: Record<string, string>) => [r.name, r.type, r.cname || r.ip]), [
    ['www.shop.example', 'CNAME', 'shop.cdn.example'],
    ['shop.cdn.example', 'CNAME', 'edge.cdn.example'],
    ['edge.cdn.example', 'A', '192.0.2.7'],
  ]);
});

test('MX, TXT, SRV, PTR and NS records', (t) => {
  const q = [{ name: 'example.org', type: 255 }];
  const { items } = answer('', 255, q, {
    answers: [
      { name: 'example.org', type: 15, data: rd.mx(10, 'mx1.example.org') },
      { name: 'example.org', type: 16, data: rd.txt(['v=spf1 -all', 'grüße']) },
      { name: '_sip._tcp.example.org', type: 33, data: rd.srv(5, 20, 5060, 'sip.example.org') },
      { name: '4.3.2.10.in-addr.arpa', type: 12, data: rd.name('host.example.org') },
      { name: 'example.org', type: 2, data: rd.name('ns1.example.org') },
    ],
  });
  const [mx, txt, srv, ptr, ns] = items[0].response!.answers;
  t.is(items[0].request?.questions[0].type, 'ANY');
  t.deepEqual(mx.mx, { preference: 10, exchange: 'mx1.example.org' });
  t.deepEqual(txt.txts, ['v=spf1 -all', 'grüße']);
  t.deepEqual(srv.srv, { priority: 5, weight: 20, port: 5060, target: 'sip.example.org' });
  t.is(ptr.ptr, 'host.example.org');
  t.is(ns.ns, 'ns1.example.org');
  t.is(mx.srv, '');
});

test('NXDOMAIN with an SOA in the authority section', (t) => {
  const q = [{ name: 'missing.example.net', type: 1 }];
  const { items } = answer('', 1, q, {
    rcode: 3,
    authorities: [{ name: 'example.net', type: 6, ttl: 900, data: rd.soa('ns.example.net', 'hostmaster.example.net', [2024010101, 7200, 3600, 1209600, 300]) }],
  });
  const res = items[0].response!;
  t.is(res.code, 'Name Error');
  t.deepEqual(res.answers, []);
  t.deepEqual(res.authorities[0].soa, { mname: 'ns.example.net', rname: 'hostmaster.example.net', serial: 2024010101, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 });
});

test('OPT (EDNS0): payload size, DO bit, options, and the extended RCODE', (t) => {
  const q = [{ name: 'example.com', type: 1 }];
  const { items } = exchange(
    { id: 9, questions: q, additionals: [optRecord(1232, { dnssecOk: true, options: [[8, [0, 1, 24, 0, 192, 0, 2]], [10, [1, 2, 3, 4, 5, 6, 7, 8]]] })] },
    { id: 9, response: true, questions: q, additionals: [optRecord(4096, { extRcode: 1 })] },
  );
  const opt = items[0].response!.additionals[0];
  t.is(opt.type, 'OPT');
  t.is(opt.name, '.');
  t.deepEqual(opt.opt, { udpPayloadSize: 4096, extendedRcode: 1, version: 0, dnssecOk: false, options: [] });
  t.is(items[0].response?.code, 'Bad OPT Version', 'RCODE 0 with extended RCODE 1 is 16 (BADVERS)');
});

test('CAA, HTTPS, URI and unknown types', (t) => {
  const q = [{ name: 'svc.example', type: 65 }];
  const { items, weirds } = answer('', 65, q, {
    answers: [
      { name: 'svc.example', type: 257, data: rd.caa(0, 'issue', 'letsencrypt.org') },
      { name: 'svc.example', type: 65, data: rd.svcb(1, '.', [0, 1, 0, 3, 2, 104, 50]) },
      { name: '_http._tcp.svc.example', type: 256, data: rd.uri(10, 1, 'https://svc.example/') },
      { name: 'svc.example', type: 65280, data: rd.raw([0xde, 0xad, 0xbe, 0xef]) },
    ],
  });
  const [caa, https, uri, unk] = items[0].response!.answers;
  t.deepEqual(caa.caa, { flags: 0, tag: 'issue', value: 'letsencrypt.org' });
  t.deepEqual(https.svcb, { priority: 1, target: '.', params: '00010003026832' });
  t.deepEqual(uri.uri, { priority: 10, weight: 1, target: 'https://svc.example/' });
  t.is(unk.type, 'TYPE65280');
  t.is(unk.rdata, 'deadbeef');
  t.deepEqual(weirds, {});
});

test('opcodes and classes print as text', (t) => {
  const { items } = exchange({ id: 1, opcode: 5, questions: [{ name: 'zone.example', type: 6 }] }, { id: 1, response: true, opcode: 5 });
  t.is(items[0].request?.opCode, 'Update');
  const ch = run([dns], [{ dir: 0, bytes: dnsMessage({ id: 2, questions: [{ name: 'version.bind', type: 16, cls: 3 }] }) }], { flow: udp });
  t.is(ch.items[0].request?.questions[0].class, 'CH');
  const mdns = run([dns], [{ dir: 0, bytes: dnsMessage({ id: 0, questions: [{ name: 'printer.local', type: 1, cls: 0x8001 }] }) }], { flow: flowOf('udp', 5353) });
  t.is(mdns.items[0].request?.questions[0].class, 'IN', 'mDNS unicast-response bit ignored');
});

test('compression pointers: a self pointer and a forward pointer are loops, counted, item kept', (t) => {
  const hdr = [0, 5, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
  const question = [3, 119, 119, 119, 0, 0, 1, 0, 1]; // www A IN at offset 12
  const selfPtr = Uint8Array.from([...hdr, ...question, 0xc0, 21, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]);
  const h = run([dns], [{ dir: 0, bytes: dnsMessage({ id: 5, questions: [{ name: 'www', type: 1 }] }) }, { dir: 1, bytes: selfPtr }], { flow: udp });
  t.is(h.weirds.get('dns_compression_loop'), 1);
  t.is(h.items.length, 1);
  t.is(h.items[0].error?.type, 'dissection');
  t.deepEqual(h.items[0].response?.answers, []);

  const fwd = Uint8Array.from([...hdr, ...question, 0xc0, 40, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]);
  const h2 = run([dns], [{ dir: 1, bytes: fwd }], { flow: udp });
  t.is(h2.weirds.get('dns_compression_loop'), 1);

  const ok = Uint8Array.from([...hdr, ...question, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]);
  const h3 = run([dns], [{ dir: 1, bytes: ok }], { flow: udp });
  t.is(h3.items[0].response?.answers[0].name, 'www');
  t.is(h3.weirds.total, 0);
});

test('a truncated message is counted and emitted with what parsed', (t) => {
  const q = [{ name: 'many.example', type: 1 }];
  const full = dnsMessage({ id: 3, response: true, questions: q, answers: [1, 2, 3].map((i) => ({ name: 'many.example', type: 1, data: rd.a(`10.0.0.${i}`) })) });
  const h = run([dns], [{ dir: 0, bytes: dnsMessage({ id: 3, questions: q }) }, { dir: 1, bytes: full.subarray(0, full.length - 6) }], { flow: udp });
  t.is(h.weirds.get('dns_truncated'), 1);
  t.deepEqual(h.items[0].response?.answers.map((r: { ip: string }) => r.ip), ['10.0.0.1', '10.0.0.2']);
  t.is(h.items[0].error?.type, 'dissection');
  t.truthy(h.items[0].request);
});

test('responses pair by id even out of order', (t) => {
  const ids = [101, 102, 103];
  const steps: Step[] = ids.map((id) => ({ dir: 0, bytes: dnsMessage({ id, questions: [{ name: `h${id}.example`, type: 1 }] }) }));
  for (const id of [103, 101, 102]) steps.push({ dir: 1, bytes: dnsMessage({ id, response: true, answers: [{ name: `h${id}.example`, type: 1, data: rd.a(`10.0.0.${id - 100}`) }] }) });
  const h = run([dns], steps, { flow: udp });
  t.deepEqual(h.items.map((i) => [i.request?.questions[0].name, i.response?.answers[0].ip]), [
    ['h103.example', '10.0.0.3'], ['h101.example', '10.0.0.1'], ['h102.example', '10.0.0.2'],
  ]);
});

test('an unanswered query ends as pair-not-found; an unsolicited response stands alone', (t) => {
  const h = run([dns], [
    { dir: 0, bytes: dnsMessage({ id: 1, questions: [{ name: 'lost.example', type: 1 }] }) },
    { dir: 1, bytes: dnsMessage({ id: 2, response: true, answers: [{ name: 'x.example', type: 1, data: rd.a('1.1.1.1') }] }) },
  ], { flow: udp });
  t.deepEqual(h.items.map((i) => [i.request === null, i.response === null, i.error?.type ?? null]), [[true, false, null], [false, true, 'pair-not-found']]);
});

const tcpFlow = flowOf('tcp', 53);
function tcpSteps(): Step[] {
  const q1 = tcpFrame(dnsMessage({ id: 1, questions: [{ name: 'a.example', type: 1 }] }));
  const q2 = tcpFrame(dnsMessage({ id: 2, questions: [{ name: 'b.example', type: 28 }] }));
  const r2 = tcpFrame(dnsMessage({ id: 2, response: true, questions: [{ name: 'b.example', type: 28 }], answers: [{ name: 'b.example', type: 28, data: rd.aaaa([0xfe80, 0, 0, 0, 0, 0, 0, 1]) }] }));
  const r1 = tcpFrame(dnsMessage({ id: 1, response: true, questions: [{ name: 'a.example', type: 1 }], answers: [{ name: 'a.example', type: 1, data: rd.a('10.9.9.9') }] }));
  return [{ dir: 0, bytes: Buffer.concat([q1, q2]) }, { dir: 1, bytes: Buffer.concat([r2, r1]) }];
}

test('DNS over TCP: two messages per segment, or split at every byte, give the same items', (t) => {
  const whole = run([dnsTcp], tcpSteps(), { flow: tcpFlow });
  t.is(whole.session.dissectorId, 'dns-tcp');
  t.deepEqual(whole.items.map((i) => [i.request?.questions[0].name, i.response?.answers[0].ip]), [['b.example', 'fe80::1'], ['a.example', '10.9.9.9']]);
  t.is(whole.items[0].protocol.layer4, 'tcp');
  const q2 = tcpFrame(dnsMessage({ id: 2, questions: [{ name: 'b.example', type: 28 }] }));
  t.is(whole.items[0].requestSize, q2.length, 'size includes the length prefix');
  const split = run([dnsTcp], tcpSteps(), { flow: tcpFlow, split: byteByByte });
  t.deepEqual(split.items.map((i) => [i.request, i.response]), whole.items.map((i) => [i.request, i.response]));
  t.is(split.weirds.total, 0);
});

test('DNS over TCP is chosen on the first complete query, before the response', (t) => {
  const h = harness([dnsTcp], { flow: flowOf('tcp', 9053) });
  feed(h.session, [{ dir: 0, bytes: tcpFrame(dnsMessage({ id: 1, questions: [{ name: 'a.example', type: 1 }] })) }]);
  t.is(h.session.state, 'pinned');
  t.is(h.session.dissectorId, 'dns-tcp');
});

test('DNS over TCP: a gap loses the framing and violates the flow', (t) => {
  const [q] = tcpSteps();
  const h = run([dnsTcp], [{ dir: 0, bytes: (q as { bytes: Uint8Array }).bytes.subarray(0, 20) }, { dir: 0, gap: 30 }], { flow: tcpFlow });
  t.is(h.weirds.get('dns_tcp_gap'), 1);
  t.is(h.weirds.get('dissect_violation'), 1);
});

test('DNS over TCP: a message cut by the end of the flow is emitted with what parsed', (t) => {
  const [q] = tcpSteps();
  const q1Len = tcpFrame(dnsMessage({ id: 1, questions: [{ name: 'a.example', type: 1 }] })).length;
  const h = run([dnsTcp], [{ dir: 0, bytes: (q as { bytes: Uint8Array }).bytes.subarray(0, q1Len + 18) }], { flow: tcpFlow });
  t.is(h.items.length, 2);
  t.is(h.items[0].request?.questions[0].name, 'a.example');
  t.deepEqual(h.items[1].request?.questions, [], 'the cut message kept its header only');
  t.true(h.items.every((i) => i.error?.type === 'pair-not-found'));
  t.true(h.weirds.get('dns_truncated') >= 1);
});

test('detect(): plausible DNS scores, other bytes do not', (t) => {
  const q = dnsMessage({ id: 0x4242, questions: [{ name: 'example.com', type: 1 }] });
  t.is(detectDnsUdp(q, 0), 1);
  t.true(detectDnsUdp(q, 1) > 0 && detectDnsUdp(q, 1) < detectDnsUdp(q, 0));
  t.is(detectDnsUdp(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 0), 0);
  t.is(detectDnsUdp(Uint8Array.from([1, 2, 3]), 0), 0);
  t.is(detectDnsUdp(Uint8Array.from([0, 1, 0x78, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]), 0), 0, 'opcode 15 is not in use');
  t.is(detectDnsTcp(tcpFrame(q), 0), 1);
  t.true(detectDnsTcp(tcpFrame(q).subarray(0, 5), 0) > 0, 'a short prefix is still possible');
  t.is(detectDnsTcp(Buffer.from('GET / HTTP/1.1\r\n'), 0), 0);
});

test('DNS on a non-standard UDP port is found by detect()', (t) => {
  const h = run([dns], [
    { dir: 0, bytes: dnsMessage({ id: 8, questions: [{ name: 'odd.port', type: 1 }] }) },
    { dir: 1, bytes: dnsMessage({ id: 8, response: true, answers: [{ name: 'odd.port', type: 1, data: rd.a('1.2.3.4') }] }) },
  ], { flow: flowOf('udp', 9053) });
  t.is(h.items.length, 1);
  t.is(h.items[0].response?.answers[0].ip, '1.2.3.4');
});
