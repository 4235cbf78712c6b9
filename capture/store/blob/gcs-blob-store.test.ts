import test from 'ava';
import { blobStoreContract } from '../testing/blob-contract.ts';
import { startGcsJsonApiServer, type GcsJsonApiServer } from '../testing/gcs-server.ts';
import { GcsBlobStore } from './gcs-blob-store.ts';

/** A service-account key object as users pass it (the client skips auth with a custom endpoint). */
export const FAKE_KEY = { type: 'service_account', project_id: 'wirehook-test', client_email: 'rec@wirehook-test.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n' };

let server: GcsJsonApiServer;
blobStoreContract('gcs', async () => {
  server = await startGcsJsonApiServer();
  return { store: new GcsBlobStore({ bucket: 'recordings', key: FAKE_KEY, endpoint: server.endpoint }), stop: () => server.stop() };
});

test('gcs: small files go as multipart uploads, large ones resumable; the URL names the object', async (t) => {
  const s = await startGcsJsonApiServer();
  const store = new GcsBlobStore({ bucket: 'b1', key: FAKE_KEY, endpoint: s.endpoint });
  await store.put('n/small', { data: Buffer.alloc(1000, 1) });
  await store.put('n/large', { data: Buffer.alloc(9 * 1024 * 1024, 2) });
  t.deepEqual(s.log, [
    'POST /upload/storage/v1/b/b1/o?uploadType=multipart&name',
    'POST /upload/storage/v1/b/b1/o?name&uploadType=resumable',
    'PUT /upload/storage/v1/b/b1/o?uploadType=resumable&upload_id',
  ]);
  t.is(store.url('n/a b'), `${s.endpoint}/download/storage/v1/b/b1/o/n%2Fa%20b?alt=media`);
  t.is(new GcsBlobStore({ bucket: 'b1' }).url('x/y z'), 'https://storage.googleapis.com/b1/x/y%20z');
  await s.stop();
});

test('gcs: a server failure rejects with ERR_BLOB_UNAVAILABLE; a stopped server too', async (t) => {
  const s = await startGcsJsonApiServer();
  const store = new GcsBlobStore({ bucket: 'b1', key: FAKE_KEY, endpoint: s.endpoint });
  s.failNext(10, 503);
  await t.throwsAsync(store.put('x', { data: Buffer.from('x') }), { code: 'ERR_BLOB_UNAVAILABLE' } as never);
  s.failNext(0);
  await s.stop();
  await t.throwsAsync(store.put('x', { data: Buffer.from('x') }), { code: 'ERR_BLOB_UNAVAILABLE' } as never);
});
