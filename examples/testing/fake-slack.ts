/**
 * A loopback Slack Web API for the examples' tests (vendor.slackBot): chat.postMessage and
 * the external file-upload flow (files.getUploadURLExternal → upload → completeUploadExternal),
 * recording the messages and the uploaded bytes. Point `vendor.slackApiUrl` at `${url}/api`.
 */
import { json, receiver, type Receiver } from '../../helpers/vendor/testing/receiver.ts';

export interface FakeSlack {
  /** Base URL for vendor.slackApiUrl. */
  apiUrl: string;
  /** chat.postMessage bodies. */
  messages: Record<string, any>[];
  /** Uploaded files: name → bytes. */
  files: { name: string; bytes: Buffer }[];
  close(): Promise<void>;
}

export async function fakeSlack(port: number): Promise<FakeSlack> {
  const messages: Record<string, any>[] = [];
  const files: { name: string; bytes: Buffer }[] = [];
  const pending = new Map<string, string>();
  let ids = 0;
  const rx: Receiver = await receiver(port, (r, res) => {
    if (r.url === '/api/chat.postMessage') {
      const body = JSON.parse(r.body.toString());
      messages.push(body);
      return json(res, { ok: true, channel: body.channel, ts: `1700000000.${String(messages.length).padStart(6, '0')}` });
    }
    if (r.url === '/api/files.getUploadURLExternal') {
      const id = `F${++ids}`;
      pending.set(id, new URLSearchParams(r.body.toString()).get('filename') ?? '');
      return json(res, { ok: true, upload_url: `http://127.0.0.1:${port}/upload/${id}`, file_id: id });
    }
    if (r.url.startsWith('/upload/')) {
      files.push({ name: pending.get(r.url.slice('/upload/'.length)) ?? '', bytes: r.body });
      return void res.end(`OK - ${r.body.length}`);
    }
    if (r.url === '/api/files.completeUploadExternal') return json(res, { ok: true, files: [] });
    json(res, { ok: false, error: 'unknown_method' }, 404);
  });
  return { apiUrl: `${rx.url}/api`, messages, files, close: () => rx.close() };
}
