import test from 'ava';
import { LiveSocket } from './live-socket.ts';

test('the subscription merges what each part of the UI wants', (t) => {
  const s = new LiveSocket(() => 'ws://x/api/ws');
  t.deepEqual(s.subscription(), { items: null, consoles: [], stats: false });
  s.want('app', { stats: true });
  s.want('traffic', { items: { filter: 'http' } });
  s.want('console', { consoles: ['a.js'] });
  s.want('console2', { consoles: ['a.js', 'b.js'] });
  t.deepEqual(s.subscription(), { items: { filter: 'http' }, consoles: ['a.js', 'b.js'], stats: true });
  s.want('traffic', null);
  s.want('console2', null);
  t.deepEqual(s.subscription(), { items: null, consoles: ['a.js'], stats: true });
});
