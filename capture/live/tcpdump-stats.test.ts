import test from 'ava';
import { TcpdumpStatsReader } from './tcpdump-stats.ts';
import { tcpdumpArgs } from './tcpdump-producer.ts';
import { defaultAgentConfig } from './agent-protocol.ts';

test('SIGUSR1 line → one report; other lines pass through', (t) => {
  const r = new TcpdumpStatsReader();
  const a = r.push('tcpdump: listening on lo, link-type EN10MB (Ethernet)\ntcpdump: 12 packets captured, 24 packets received by filter, 3 packets dropped by kernel\n');
  t.deepEqual(a.reports, [{ captured: 12, received: 24, kernelDrops: 3, interfaceDrops: null }]);
  t.deepEqual(a.other, ['tcpdump: listening on lo, link-type EN10MB (Ethernet)']);
});

test('exit block split across chunks, with the interface-drops line', (t) => {
  const r = new TcpdumpStatsReader();
  t.deepEqual(r.push('2 packets captured\n4 packets rec').reports, []);
  const b = r.push('eived by filter\n0 packets dropped by kernel\n5 packets dropped by interface\n');
  t.deepEqual(b.reports, [{ captured: 2, received: 4, kernelDrops: 0, interfaceDrops: 5 }]);
  t.deepEqual(b.other, []);
});

test('singular "packet" and garbage lines', (t) => {
  const r = new TcpdumpStatsReader();
  const a = r.push('noise\n1 packet captured, 1 packet received by filter, 0 packets dropped by kernel\n');
  t.deepEqual(a.reports, [{ captured: 1, received: 1, kernelDrops: 0, interfaceDrops: null }]);
  t.deepEqual(a.other, ['noise']);
});

test('tcpdump command line: buffered by default, immediate mode and filter when asked', (t) => {
  const base = { ...defaultAgentConfig, iface: 'eth0' };
  t.deepEqual(tcpdumpArgs(base), ['-i', 'eth0', '-n', '-s', '262144', '-B', '65536', '-U', '-w', '-']);
  t.deepEqual(tcpdumpArgs({ ...base, immediate: true, filter: 'tcp port 80' }).slice(-4), ['--immediate-mode', '-w', '-', 'tcp port 80']);
});
