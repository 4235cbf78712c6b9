// Inactive pods report

/*
 * Every minute, lists the targeted pods (hub.targeted()) that took part in no item — as
 * client or server — during the last IDLE_MINUTES: forgotten workloads, debug pods left
 * running, or pods reached only through something that hides them (here the CoreDNS
 * pods, which clients reach through the kube-dns service address, and host-network pods).
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/inactive-pods.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/inactive-pods.txt
 */

var IDLE_MINUTES = 2;
var lastSeen = {};        // "namespace/pod" -> time of its last item
var started = Date.now();

function seen(ep, t) {
    if (ep.pod && ep.pod.metadata) lastSeen[ep.pod.metadata.namespace + "/" + ep.pod.metadata.name] = t;
}

function onItemCaptured(data) {
    seen(data.src, data.timestamp);
    seen(data.dst, data.timestamp);
}

function report() {
    var now = Date.now();
    var since = Math.max(started, now - IDLE_MINUTES * 60 * 1000);
    var targets = JSON.parse(hub.targeted()).targets;
    var idle = [];
    for (var i = 0; i < targets.length; i++) {
        var key = targets[i].metadata.namespace + "/" + targets[i].metadata.name;
        if (!(lastSeen[key] >= since)) idle.push(key);
    }
    idle.sort();
    console.log(new Date(now).toISOString().slice(11, 19) + " " + idle.length + " of " + targets.length + " pods without traffic since " +
        new Date(since).toISOString().slice(11, 19) + (idle.length ? ":" : ""));
    for (var j = 0; j < idle.length; j++) console.log("  " + idle[j]);
}

jobs.schedule("inactive-pods", "0 * * * * *", report);
