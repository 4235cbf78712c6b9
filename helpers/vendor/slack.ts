/**
 * vendor.slack (incoming webhook) and vendor.slackBot (Web API, with file uploads)
 * (SCRIPT-API.md §3). Both send one message attachment — `pretext`, `text`, `color` and
 * fields, always ending with a `Timestamp` field (RFC 3339, the script's clock) — and throw
 * when Slack refuses (non-2xx, or `"ok": false` from the Web API, quoting Slack's error).
 *
 * slackBot files: `files` maps a display name (also the file name in Slack) to a path
 * relative to the data directory (e.g. from pcap.path or file.temp). Each is uploaded with
 * the Web API's external-upload flow — files.getUploadURLExternal (filename, length),
 * the bytes POSTed to the returned upload URL, then one files.completeUploadExternal sharing
 * all of them into the channel — after the message is posted. The Web API base URL is
 * config vendor.slackApiUrl (default https://slack.com/api).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { args, obj, optional, str } from '../args.ts';
import { defineOp, type JsonValue, type OpContext } from '../define-op.ts';
import { fileSpaceOf } from '../file/file-space.ts';
import { expectOk, vendorCall } from './vendor-gate.ts';
import { VendorError } from './vendor-http.ts';

interface Field {
  title: string;
  value: string;
  short: boolean;
}

/** The one attachment both helpers send. */
export function slackAttachment(ctx: OpContext, pretext: string, text: string, color: string, fields: Record<string, JsonValue> = {}) {
  const list: Field[] = Object.entries(fields).map(([title, v]) => ({ title, value: typeof v === 'string' ? v : JSON.stringify(v), short: true }));
  list.push({ title: 'Timestamp', value: new Date(ctx.clock.now()).toISOString(), short: false });
  return { color, pretext, text, fields: list, mrkdwn_in: ['pretext', 'text'] };
}

function apiUrl(ctx: OpContext, method: string): string {
  return `${ctx.config.vendor.slackApiUrl.replace(/\/+$/, '')}/${method}`;
}

/** Calls a Slack Web API method; returns its JSON answer or throws with Slack's error. */
async function slackApi(ctx: OpContext, token: string, method: string, body: Record<string, string> | object, form: boolean, counted: boolean): Promise<Record<string, unknown>> {
  const op = 'vendor.slackBot';
  const res = await vendorCall(
    ctx,
    op,
    {
      method: 'POST',
      url: apiUrl(ctx, method),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8' },
      body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
    },
    counted,
  );
  expectOk(op, `Slack ${method}`, res);
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    throw new VendorError('ERR_VENDOR_API', `${op}: Slack ${method} did not answer with JSON`);
  }
  if (answer.ok !== true) throw new VendorError('ERR_VENDOR_API', `${op}: Slack ${method} failed: ${String(answer.error ?? 'unknown error')}`);
  return answer;
}

async function uploadFiles(ctx: OpContext, token: string, channel: string, files: Record<string, JsonValue>): Promise<void> {
  const op = 'vendor.slackBot';
  const uploaded: { id: string; title: string }[] = [];
  for (const [name, p] of Object.entries(files)) {
    if (typeof p !== 'string') throw new VendorError('ERR_VENDOR_ARGUMENT', `${op}: files[${JSON.stringify(name)}] must be a path string`);
    let abs: string;
    try {
      abs = await fileSpaceOf(ctx).resolve(p);
    } catch (e) {
      throw new VendorError('ERR_VENDOR_ARGUMENT', `${op}: files[${JSON.stringify(name)}]: ${(e as Error).message}`);
    }
    const st = await stat(abs).catch(() => null);
    if (!st?.isFile()) throw new VendorError('ERR_VENDOR_ARGUMENT', `${op}: files[${JSON.stringify(name)}]: ${JSON.stringify(p)} is not a file`);
    const ticket = await slackApi(ctx, token, 'files.getUploadURLExternal', { filename: name, length: String(st.size) }, true, false);
    if (typeof ticket.upload_url !== 'string' || typeof ticket.file_id !== 'string') throw new VendorError('ERR_VENDOR_API', `${op}: Slack files.getUploadURLExternal gave no upload_url/file_id`);
    const res = await vendorCall(
      ctx,
      op,
      { method: 'POST', url: ticket.upload_url, headers: { 'Content-Type': 'application/octet-stream' }, body: { length: st.size, open: () => createReadStream(abs) } },
      false,
    );
    expectOk(op, `the Slack upload of ${JSON.stringify(name)}`, res);
    uploaded.push({ id: ticket.file_id, title: name });
  }
  if (uploaded.length) await slackApi(ctx, token, 'files.completeUploadExternal', { files: JSON.stringify(uploaded), channel_id: channel }, true, false);
}

export const slackOps = [
  defineOp({
    name: 'vendor.slack',
    kind: 'async',
    args: args([str('webhookUrl', { nonEmpty: true, maxLength: 2048 }), str('pretext'), str('text'), str('color')]),
    signature: '(webhookUrl: string, pretext: string, text: string, color: string): void',
    doc: 'Posts a message to a Slack incoming webhook: one attachment with `pretext` (title), `text`, `color` (e.g. `"#ff0000"`) and a Timestamp field. Throws if Slack refuses it.',
    async run(ctx, url, pretext, text, color) {
      const res = await vendorCall(ctx, 'vendor.slack', {
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ attachments: [slackAttachment(ctx, pretext, text, color)] }),
      });
      expectOk('vendor.slack', 'the Slack webhook', res);
    },
  }),
  defineOp({
    name: 'vendor.slackBot',
    kind: 'async',
    args: args([str('token', { nonEmpty: true }), str('channelID', { nonEmpty: true }), str('pretext'), str('text'), str('color'), optional(obj('fields')), optional(obj('files'))]),
    signature: '(token: string, channelID: string, pretext: string, text: string, color: string, fields?: Record<string, string>, files?: Record<string, string>): void',
    doc:
      'Posts a message with a bot token (Slack Web API `chat.postMessage`): one attachment with `pretext`, `text`, `color`, the `fields` (name → value) and a Timestamp field. ' +
      '`files` maps a file name shown in Slack to a path relative to the data directory (e.g. from `pcap.path` or `file.temp`); they are uploaded into the channel after the message. Throws with Slack\'s error (e.g. `channel_not_found`).',
    async run(ctx, token, channel, pretext, text, color, fields, files) {
      await slackApi(ctx, token, 'chat.postMessage', { channel, attachments: [slackAttachment(ctx, pretext, text, color, fields)] }, false, true);
      if (files && Object.keys(files).length) await uploadFiles(ctx, token, channel, files);
    },
  }),
];
