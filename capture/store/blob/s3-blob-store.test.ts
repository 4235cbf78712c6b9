import test from 'ava';
import { blobStoreContract } from '../testing/blob-contract.ts';
import { createBucket, startSwift, SWIFT_CREDENTIALS, SWIFT_REGION, type SwiftServer } from '../testing/swift-server.ts';
import { S3BlobStore } from './s3-blob-store.ts';

/** Swift: ports 17600–17604. */
let swift: SwiftServer;

blobStoreContract('s3 (Swift s3api)', async () => {
  swift = await startSwift(17600);
  await createBucket(swift.endpoint, 'contract');
  return {
    store: new S3BlobStore({ bucket: 'contract', region: SWIFT_REGION, endpoint: swift.endpoint, forcePathStyle: true, credentials: SWIFT_CREDENTIALS }),
    stop: () => swift.stop(),
  };
});

test('s3: SigV4 is enforced — a wrong secret is ERR_BLOB_DENIED (HTTP 403)', async (t) => {
  const bad = new S3BlobStore({ bucket: 'contract', region: SWIFT_REGION, endpoint: swift.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test:tester', secretAccessKey: 'wrong' } });
  const e = await t.throwsAsync(bad.put('denied/x', { data: Buffer.from('x') }));
  t.is((e as { code?: string }).code, 'ERR_BLOB_DENIED');
  t.regex(e!.message, /HTTP 403/);
  t.regex(e!.message, /SignatureDoesNotMatch/);
});

test('s3: URLs — path style with an endpoint, virtual-hosted on AWS', (t) => {
  const s = new S3BlobStore({ bucket: 'bkt', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
  t.is(s.url('a b/c.tgz'), 'http://127.0.0.1:9000/bkt/a%20b/c.tgz');
  t.is(new S3BlobStore({ bucket: 'bkt', region: 'eu-west-1' }).url('n_1/x.pcap'), 'https://bkt.s3.eu-west-1.amazonaws.com/n_1/x.pcap');
  t.is(new S3BlobStore({ bucket: 'bkt', region: 'eu-west-1', endpoint: 'https://s3.example.com' }).url('k'), 'https://bkt.s3.example.com/k');
});

test('s3: a stopped endpoint is ERR_BLOB_UNAVAILABLE', async (t) => {
  const s = new S3BlobStore({ bucket: 'contract', region: SWIFT_REGION, endpoint: 'http://127.0.0.1:17699', forcePathStyle: true, credentials: SWIFT_CREDENTIALS });
  await t.throwsAsync(s.put('x', { data: Buffer.from('x') }), { code: 'ERR_BLOB_UNAVAILABLE' } as never);
});
