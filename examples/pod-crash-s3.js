// On a pod crash, upload its last 5 minutes of traffic to S3

/*
 * Keeps, for every pod, the streams and a summary of the items it took part in during the
 * last 5 minutes. When onPodEvent reports the pod restarted (restartCount grew) or was
 * deleted, it saves that traffic — one merged pcap (pcap.snapshot of its streams) and
 * the items as JSON — under crashes/ and uploads both to S3: what the pod was doing right
 * before it went down, even once its logs are gone.
 *
 * Env:
 *   S3_BUCKET, AWS_REGION  destination (region default us-east-1); without a bucket the
 *                          files stay under crashes/ in the data directory
 *   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   optional: else the default AWS credentials
 *
 * Run it on the demo cluster's traffic (its fraud-check pod crash-loops):
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/pod-crash-s3.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/pod-crash-s3.txt
 */

var WINDOW_MS = 5 * 60 * 1000;
var traffic = {};    // pod name -> [{ t, stream, item }], oldest first
var restarts = {};   // pod name -> restartCount last seen

function remember(ep, data, summary) {
    if (!ep.pod || !ep.pod.metadata) return;
    var name = ep.pod.metadata.name;
    var list = traffic[name] || (traffic[name] = []);
    list.push({ t: data.timestamp, stream: data.stream, item: summary });
    while (list.length && list[0].t < data.timestamp - WINDOW_MS) list.shift();
}

function onItemCaptured(data) {
    var summary = {
        time: new Date(data.timestamp).toISOString(),
        protocol: data.protocol.abbr,
        src: data.src.name || data.src.ip,
        dst: data.dst.name || data.dst.ip,
        request: data.request && (data.request.method ? data.request.method + " " + data.request.path : data.request.command || data.request.apiKeyName || ""),
        status: data.response ? data.response.status : null,
        elapsedTime: data.elapsedTime,
        stream: data.stream
    };
    remember(data.src, data, summary);
    remember(data.dst, data, summary);
}

function restartCount(pod) {
    var n = 0;
    var list = (pod.status && pod.status.containerStatuses) || [];
    for (var i = 0; i < list.length; i++) n += list[i].restartCount || 0;
    return n;
}

function reason(pod) {
    var list = (pod.status && pod.status.containerStatuses) || [];
    for (var i = 0; i < list.length; i++) {
        if (list[i].lastState && list[i].lastState.terminated) return list[i].lastState.terminated.reason;
    }
    return "unknown";
}

function save(pod, why) {
    var name = pod.metadata.name;
    var list = traffic[name] || [];
    var time = new Date().toISOString().slice(11, 19);
    if (list.length === 0) {
        console.log(time + " " + name + " " + why + ": no traffic in the last 5 minutes");
        return;
    }
    var streams = [];
    var items = [];
    var have = {};
    for (var i = 0; i < list.length; i++) {
        items.push(list[i].item);
        if (!have[list[i].stream]) {
            have[list[i].stream] = true;
            streams.push(list[i].stream);
        }
    }
    var base = "crashes/" + name + "-" + Math.floor(Date.now() / 1000);
    file.move(pcap.snapshot(streams), base + ".pcap");
    file.write(base + ".items.json", JSON.stringify(items, null, 1));
    var where = "kept in " + base + ".*";
    if (env.S3_BUCKET) {
        var region = env.AWS_REGION || "us-east-1";
        vendor.s3.put(env.S3_BUCKET, base + ".pcap", region, env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY);
        vendor.s3.put(env.S3_BUCKET, base + ".items.json", region, env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY);
        where = "uploaded to s3://" + env.S3_BUCKET;
    }
    console.log(time + " " + name + " " + why + ": " + streams.length + " streams, " + items.length + " items of the last 5 minutes, " + where);
}

function onPodEvent(event, pod) {
    var name = pod.metadata.name;
    var n = restartCount(pod);
    var before = restarts[name] || 0;
    restarts[name] = n;
    try {
        if (event === "DELETED") save(pod, "was deleted");
        else if (n > before) save(pod, "restarted (restart " + n + ", " + reason(pod) + ")");
    } catch (e) {
        console.error("saving the traffic of " + name + " failed: " + e.message);
    }
}
