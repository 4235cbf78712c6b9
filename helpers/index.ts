/**
 * The built-in helpers, in documentation order. Later helpers (prometheus, vendor, pcap,
 * file …) add one file each and one entry here.
 */
import { OpCatalog } from './catalog.ts';
import { consoleOps } from './console.ts';
import type { OpDefinition } from './define-op.ts';
import { envValue } from './env.ts';
import { fileOps } from './file/file-ops.ts';
import { fileTempOps } from './file/file-temp-ops.ts';
import { hubOps } from './hub.ts';
import { jobsOps } from './jobs.ts';
import { kflOps } from './kfl.ts';
import { pcapOps } from './pcap.ts';
import { prometheusOps } from './prometheus/prometheus-ops.ts';
import { testOps } from './test.ts';
import { timerOps } from './timers.ts';
import { utilsOps } from './utils.ts';
import { elasticOps } from './vendor/elastic.ts';
import { gcsOps } from './vendor/gcs.ts';
import { influxOps } from './vendor/influxdb.ts';
import { s3Ops } from './vendor/s3.ts';
import { slackOps } from './vendor/slack.ts';
import { webhookOps } from './vendor/webhook.ts';
import { wrapperOps } from './wrapper.ts';
import { wrapperRecordingOps } from './wrapper-recording.ts';

export const builtinOps: OpDefinition[] = [
  ...consoleOps,
  envValue,
  ...testOps,
  ...jobsOps,
  ...timerOps,
  ...kflOps,
  ...hubOps,
  ...utilsOps,
  ...wrapperOps,
  ...wrapperRecordingOps,
  ...prometheusOps,
  ...webhookOps,
  ...slackOps,
  ...influxOps,
  ...elasticOps,
  ...fileOps,
  ...fileTempOps,
  ...s3Ops,
  ...gcsOps,
  ...pcapOps,
];

let builtin: OpCatalog | undefined;

/** The catalog of built-in helpers (validated once). */
export function builtinCatalog(): OpCatalog {
  builtin ??= OpCatalog.create(builtinOps);
  return builtin;
}
