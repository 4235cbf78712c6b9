/**
 * wrapper.pcapSnapshot and wrapper.kflPcapS3 (SCRIPT-API.md §3): Kubeshark's recording
 * wrappers, written in guest JavaScript on top of the public helpers (pcap, file, vendor,
 * jobs, kfl) — so they obey the same limits, paths and errors as a script calling those
 * helpers itself. They read the helper namespaces at call time, as Kubeshark's do.
 */
import { defineGuestOp } from './define-op.ts';

/**
 * Snapshot every stream into a tar.gz (the merged pcap plus name_resolution_history.json),
 * upload it to S3, delete the local copies, return the object URL.
 */
const pcapSnapshotSource = `function pcapSnapshot(awsRegion, awsAccessKeyId, awsSecretAccessKey, s3Bucket) {
  var dir = file.mkdirTemp('snapshot');
  try {
    file.move(pcap.snapshot(), dir);
    file.write(dir + '/name_resolution_history.json', JSON.stringify(pcap.nameResolutionHistory()));
    var tarFile = file.tar(dir);
    try {
      return vendor.s3.put(awsRegion, awsAccessKeyId, awsSecretAccessKey, s3Bucket, tarFile);
    } finally {
      file.delete(tarFile);
    }
  } finally {
    file.delete(dir);
  }
}`;

/**
 * Per KFL query, collect the streams of matching items; a job every 10 s uploads a query's
 * streams (snapshot + name history, tar.gz) once it holds more than maxL4Streams of them
 * or maxMinutes passed, then optionally posts to Slack. Options are read on the first call.
 */
const kflPcapS3Source = `function kflPcapS3(data, params) {
  // State lives on the function itself (a guest helper must be one function expression);
  // the job and upload functions are made once, on the first call.
  var state = kflPcapS3.state;
  if (!state) {
    if (!data || !params || typeof params !== 'object' || !(params.kflArr instanceof Array)) {
      throw new Error('wrapper.kflPcapS3: expected (data, params) with params.kflArr, a list of KFL queries');
    }
    state = {
      active: true, verbose: false, slackWebhook: null, maxMinutes: 60, maxL4Streams: 100,
      awsRegion: env.AWS_REGION, awsAccessKeyId: env.AWS_ACCESS_KEY_ID,
      awsSecretAccessKey: env.AWS_SECRET_ACCESS_KEY, s3Bucket: env.S3_BUCKET, slots: []
    };
    for (var k in state) if (k !== 'slots' && params[k] !== undefined) state[k] = params[k];
    for (var q = 0; q < params.kflArr.length; q++) {
      if (!kfl.validate(params.kflArr[q])) throw new Error('wrapper.kflPcapS3: invalid KFL query at kflArr[' + q + ']');
      state.slots.push({ kfl: params.kflArr[q], streams: [], seen: {}, since: Date.now() });
    }
    var upload = function (slot) {
      var streams = slot.streams;
      slot.streams = [];
      slot.seen = {};
      slot.since = Date.now();
      var dir = file.mkdirTemp('kfl-pcap-s3');
      var location, snapshotMs, s3Ms;
      try {
        var started = Date.now();
        file.move(pcap.snapshot(streams), dir);
        snapshotMs = Date.now() - started;
        file.write(dir + '/name_resolution_history.json', JSON.stringify(pcap.nameResolutionHistory()));
        var tarFile = file.tar(dir);
        try {
          started = Date.now();
          location = vendor.s3.put(state.awsRegion, state.awsAccessKeyId, state.awsSecretAccessKey, state.s3Bucket, tarFile);
          s3Ms = Date.now() - started;
        } finally {
          file.delete(tarFile);
        }
      } finally {
        file.delete(dir);
      }
      var text = location + ' contains ' + streams.length + ' L4 streams matching KFL "' + slot.kfl + '"';
      if (state.slackWebhook) vendor.slack(state.slackWebhook, 'New PCAP:', text, '#ff0000');
      console.log(text + '. Snapshot time: ' + snapshotMs + ' ms, S3 time: ' + s3Ms + ' ms');
    };
    var tick = function () {
      var now = Date.now();
      for (var i = 0; i < state.slots.length; i++) {
        var slot = state.slots[i];
        if (slot.streams.length === 0) continue;
        if (slot.streams.length > state.maxL4Streams || now - slot.since >= state.maxMinutes * 60000) upload(slot);
      }
    };
    kflPcapS3.state = state;
    if (state.active) jobs.schedule('kfl-pcap-s3', '*/10 * * * * *', tick);
  }
  if (!state.active) return;
  for (var i = 0; i < state.slots.length; i++) {
    var slot = state.slots[i];
    if (slot.seen[data.stream] || !kfl.match(slot.kfl, data)) continue;
    slot.seen[data.stream] = true;
    slot.streams.push(data.stream);
    if (state.verbose) console.log('KFL/PCAP match: KFL=' + slot.kfl + '; PCAP=' + data.stream + '; streams=' + slot.streams.length);
  }
}`;

export const wrapperRecordingOps = [
  defineGuestOp({
    name: 'wrapper.pcapSnapshot',
    signature: '(awsRegion: string, awsAccessKeyId: string, awsSecretAccessKey: string, s3Bucket: string): string',
    doc: 'Snapshot of every stream (merged pcap plus `name_resolution_history.json`, as a tar.gz) uploaded to S3 with `vendor.s3.put`; local files are removed; returns the object URL.',
    source: pcapSnapshotSource,
  }),
  defineGuestOp({
    name: 'wrapper.kflPcapS3',
    signature: '(data: Item, params: { kflArr: string[]; active?: boolean; verbose?: boolean; slackWebhook?: string; maxMinutes?: number; maxL4Streams?: number; awsRegion?: string; awsAccessKeyId?: string; awsSecretAccessKey?: string; s3Bucket?: string }): void',
    doc: 'Call from `onItemCaptured`: collects, per KFL query of `params.kflArr`, the streams of matching items; a job (`kfl-pcap-s3`, every 10 s) uploads a query\'s streams to S3 as a tar.gz (merged pcap + name history) when more than `maxL4Streams` (100) are collected or `maxMinutes` (60) passed, then posts to `slackWebhook` if set. AWS settings default to `env.AWS_REGION`, `env.AWS_ACCESS_KEY_ID`, `env.AWS_SECRET_ACCESS_KEY`, `env.S3_BUCKET`. Options are read on the first call.',
    source: kflPcapS3Source,
  }),
];
