import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startGcsJsonApiServer, type GcsJsonApiServer } from '../../capture/store/testing/gcs-server.ts';
import { tempDir } from '../../capture/testing/pcap-fixtures.ts';
import { harness } from '../../runtime/testing/harness.ts';

let gcs: GcsJsonApiServer;
let dataDir = '';
let cleanup: () => Promise<void>;
const KEY = JSON.stringify({ type: 'service_account', project_id: 'wh', client_email: 'rec@wh.iam.gserviceaccount.com', private_key: 'x' });

test.before(async () => {
  gcs = await startGcsJsonApiServer();
  ({ dir: dataDir, cleanup } = await tempDir());
  await mkdir(path.join(dataDir, 'out'));
  await writeFile(path.join(dataDir, 'out', 'snap.pcap'), Buffer.alloc(5000, 7));
});
test.after.always(async () => {
  await gcs?.stop();
  await cleanup?.();
});

const run = (code: string) => harness({ 's.js': code }, { config: (c) => ((c.dataDir = dataDir), (c.recording.gcs.endpoint = gcs.endpoint)) });

test.serial('vendor.gcs.put uploads <nodeName>_<nodeIP>/<file name> with a key object (or its JSON text) and returns the URL', async (t) => {
  const h = await run(`var key = ${KEY};
console.log(vendor.gcs.put("captures", "out/snap.pcap", key));
console.log(vendor.gcs.put("captures", "out/snap.pcap", JSON.stringify(key)) !== "");
try { vendor.gcs.put("captures", "out/snap.pcap", 42); } catch (e) { console.log(e.message); }`);
  t.deepEqual(h.lines('s.js'), [
    `${gcs.endpoint}/download/storage/v1/b/captures/o/node-a_10.0.0.10%2Fsnap.pcap?alt=media`,
    'true',
    'vendor.gcs.put: the service-account key must be an object like {"type":"service_account","client_email":…,"private_key":…}',
  ]);
  const o = gcs.objects.get('captures/node-a_10.0.0.10/snap.pcap')!;
  t.deepEqual(o.data, Buffer.alloc(5000, 7));
  h.stop();
});

test.serial('vendor.gcs.clear deletes only this node\'s folder; a failing server is a script error', async (t) => {
  const other = { meta: { bucket: 'captures', name: 'other_1.2.3.4/x', size: '1' }, data: Buffer.from('x') };
  gcs.objects.set('captures/other_1.2.3.4/x', other);
  const h = await run(`var key = ${KEY}; console.log(vendor.gcs.clear("captures", key));`);
  t.deepEqual(h.lines('s.js'), ['1']);
  t.deepEqual([...gcs.objects.keys()], ['captures/other_1.2.3.4/x']);
  h.stop();
  gcs.failNext(20, 503);
  const f = await run(`try { vendor.gcs.put("captures", "out/snap.pcap", ${KEY}); } catch (e) { console.log(e.message); }`);
  gcs.failNext(0);
  t.regex(f.lines('s.js')[0], /^vendor\.gcs\.put: put node-a_10\.0\.0\.10\/snap\.pcap to gs:\/\/captures .*unreachable or failing/);
  f.stop();
});
