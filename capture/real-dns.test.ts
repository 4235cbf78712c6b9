/**
 * DNS end to end on real traffic: node's resolver (c-ares) and a raw TCP client query a
 * dnsmasq server (Debian dnsmasq-base) on loopback; tcpdump captures; our items are
 * compared with tshark's decoding of the same file (names, types, rcode, answers).
 */
import test from 'ava';
import { Resolver } from 'node:dns/promises';
import net from 'node:net';
import { join } from 'node:path';
import type { Item } from './item.ts';
import { dnsMessage, tcpFrame } from './dissect/testing/dns-builder.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { startDnsmasq } from './testing/servers.ts';
import { startCapture } from './testing/tcpdump.ts';

const PORT = 17053;
const RECORDS = [
  '--address=/svc.test/10.9.8.7',
  '--host-record=v6.test,fd00::1',
  '--mx-host=mail.test,mx1.mail.test,10',
  '--txt-record=txt.test,hello world',
  '--srv-host=_http._tcp.srv.test,web.srv.test,80,1,5',
  '--cname=alias.test,v6.test',
  '--ptr-record=7.8.9.10.in-addr.arpa,svc.test',
  '--address=/nx.test/',
];

let items: Item[] = [];
let file = '';
let cleanup: () => Promise<void>;

function tcpQuery(id: number, name: string, type: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(PORT, '127.0.0.1', () => s.write(tcpFrame(dnsMessage({ id, questions: [{ name, type }] }))));
    s.on('data', () => s.end());
    s.on('close', () => resolve());
    s.on('error', reject);
  });
}

test.before(async () => {
  const tmp = await tempDir('wh-real-dns-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'dns.pcap');
  const dns = await startDnsmasq(PORT, RECORDS);
  const cap = await startCapture(file, `port ${PORT}`);
  try {
    const r = new Resolver({ timeout: 2000, tries: 1 });
    r.setServers([`127.0.0.1:${PORT}`]);
    await r.resolve4('api.svc.test');
    await r.resolve6('v6.test');
    await r.resolveMx('mail.test');
    await r.resolveTxt('txt.test');
    await r.resolveSrv('_http._tcp.srv.test');
    await r.resolveCname('alias.test');
    await r.reverse('10.9.8.7');
    await r.resolve4('host.nx.test').catch(() => undefined);
    await tcpQuery(0x4242, 'tcp.svc.test', 1);
  } finally {
    await cap.stop();
    await dns.stop();
  }
  items = (await dissectFile(file)).items;
});

test.after.always(async () => cleanup?.());

const RCODE: Record<string, string> = { '0': 'No Error', '1': 'Format Error', '2': 'Server Failure', '3': 'Name Error', '5': 'Refused' };

test('every response tshark decodes is an item with the same id, question, rcode and answers', async (t) => {
  const rows = await tsharkRows(
    file,
    ['dns.id', 'dns.qry.name', 'dns.qry.type', 'dns.flags.rcode', 'dns.a', 'dns.aaaa', 'dns.cname', 'dns.mx.mail_exchange', 'dns.srv.target', 'dns.ptr.domain_name'],
    ['-d', `udp.port==${PORT},dns`, '-d', `tcp.port==${PORT},dns`, '-Y', 'dns.flags.response == 1'],
  );
  t.is(rows.length, 9);
  t.is(items.length, rows.length);
  const typeName: Record<string, string> = { '1': 'A', '28': 'AAAA', '15': 'MX', '16': 'TXT', '33': 'SRV', '5': 'CNAME', '12': 'PTR' };
  for (const r of rows) {
    const item = items.find((i) => i.request?.questions?.[0]?.name === r[1] && i.response !== null);
    t.truthy(item, `item for ${r[1]}`);
    t.is(item!.protocol.abbr, 'DNS');
    t.is(item!.request!.questions[0].type, typeName[r[2]]);
    t.is(item!.response!.code, RCODE[r[3]]);
    const answers: Record<string, any>[] = item!.response!.answers;
    const values = (f: string) => answers.map((a) => a[f]).filter((v) => v !== '' && v !== undefined);
    t.deepEqual(values('ip').filter((ip: string) => !ip.includes(':')), r[4] ? r[4].split(',') : [], `A of ${r[1]}`);
    t.deepEqual(values('ip').filter((ip: string) => ip.includes(':')), r[5] ? r[5].split(',') : [], `AAAA of ${r[1]}`);
    t.deepEqual(values('cname'), r[6] ? r[6].split(',') : [], `CNAME of ${r[1]}`);
    t.deepEqual(values('ptr'), r[9] ? r[9].split(',') : [], `PTR of ${r[1]}`);
    if (r[7]) t.deepEqual(answers.map((a) => a.mx?.name ?? a.mx?.exchange ?? a.mx?.host).filter(Boolean), r[7].split(','));
    if (r[8]) t.deepEqual(answers.map((a) => a.srv?.target).filter(Boolean), r[8].split(','));
  }
});

test('DNS over TCP is paired by id and marked layer4 tcp', (t) => {
  const it = items.find((i) => i.request?.questions?.[0]?.name === 'tcp.svc.test')!;
  t.is(it.protocol.layer4, 'tcp');
  t.deepEqual(
    it.response!.answers.map((a: { ip: string }) => a.ip),
    ['10.9.8.7'],
  );
});

test('NXDOMAIN is a Name Error item with no answers; TXT data is kept', (t) => {
  const nx = items.find((i) => i.request?.questions?.[0]?.name === 'host.nx.test')!;
  t.is(nx.response!.code, 'Name Error');
  t.deepEqual(nx.response!.answers, []);
  const txt = items.find((i) => i.request?.questions?.[0]?.name === 'txt.test')!;
  t.deepEqual(txt.response!.answers[0].txts, ['hello world']);
  t.is(items.filter((i) => i.error !== null).length, 0);
});
