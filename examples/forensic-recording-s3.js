// Forensic recording to S3, hourly

/*
 * Records the traffic matching a KFL filter for later investigation: the first time an
 * item of a TCP/UDP stream matches, the stream's pcap (pcap.path) is copied aside and the
 * item appended to an NDJSON file. Every hour the streams are merged into one pcap
 * (pcap.snapshot of the folder), and pcap, items and the name-resolution history (who
 * was which IP then) are uploaded to S3 — or kept under forensics/ without a bucket.
 *
 * Env:
 *   RECORDING_KFL          what to record (default: http and response.status >= 500)
 *   RECORDING_CRON         when to upload (default "0 0 * * * *", the top of every hour)
 *   S3_BUCKET, AWS_REGION  destination (region default us-east-1); objects go to
 *                          <node>_<ip>/forensics-<unix time>.{pcap,items.ndjson,names.json}
 *   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   optional: else the default AWS credentials
 *   (an S3-compatible endpoint comes from recording.s3.endpoint or AWS_ENDPOINT_URL_S3)
 *
 * Run it on the demo cluster's traffic (the capture spans 01:00, so one upload happens):
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/forensic-recording-s3.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/forensic-recording-s3.txt
 */

var FILTER = env.RECORDING_KFL || "http and response.status >= 500";
var PENDING = "forensics/pending";
var recorded = {};   // stream -> true, in the pending batch
var streams = 0;
var items = 0;
var active = kfl.validate(FILTER);

function clock() {
    return new Date().toISOString().slice(11, 19);
}

function onItemCaptured(data) {
    if (!active || !kfl.match(FILTER, data)) return;
    try {
        if (!recorded[data.stream]) {
            file.copy(pcap.path(data.stream), PENDING + "/" + data.stream);
            recorded[data.stream] = true;
            streams++;
        }
        file.append(PENDING + "/items.ndjson", JSON.stringify(data) + "\n");
        items++;
    } catch (e) {
        console.error(clock() + " recording " + data.stream + " failed: " + e.message);
    }
}

function upload(path) {
    vendor.s3.put(env.S3_BUCKET, path, env.AWS_REGION || "us-east-1", env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY);
}

function cut() {
    if (streams === 0) {
        console.log(clock() + " forensic recording: nothing matched " + FILTER);
        return;
    }
    var name = "forensics/forensics-" + Math.floor(Date.now() / 1000);
    var batch = name + "-batch";
    file.move(PENDING, batch);
    file.mkdir(PENDING);
    var summary = streams + " streams, " + items + " items";
    recorded = {};
    streams = 0;
    items = 0;
    file.move(pcap.snapshot([], batch), name + ".pcap");
    file.move(batch + "/items.ndjson", name + ".items.ndjson");
    file.write(name + ".names.json", JSON.stringify(pcap.nameResolutionHistory()));
    file.delete(batch);
    var where = "kept in " + name + ".*";
    if (env.S3_BUCKET) {
        upload(name + ".pcap");
        upload(name + ".items.ndjson");
        upload(name + ".names.json");
        where = "uploaded to s3://" + env.S3_BUCKET;
    }
    console.log(clock() + " forensic recording " + name.split("/")[1] + ": " + summary + " matching " + FILTER + ", " + where);
}

if (active) {
    file.delete(PENDING);
    file.mkdir(PENDING);
    console.log(clock() + " recording streams matching: " + FILTER);
    jobs.schedule("forensic-recording", env.RECORDING_CRON || "0 0 * * * *", cut);
} else {
    console.error("RECORDING_KFL is not a valid KFL filter: " + FILTER);
}
