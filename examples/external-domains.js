// Pods talking to external domains

/*
 * Reports which pods open connections to destinations outside the cluster, named by the
 * DNS answers they got (items' dst.name; the bare IP when no lookup was seen). A new
 * (pod, destination) pair is printed when it first appears — an egress inventory that
 * also catches the unexpected — and every minute a summary counts the calls per pair.
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/external-domains.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/external-domains.txt
 */

var known = {};     // "pod -> destination" -> true
var calls = {};     // same key -> calls this minute

function isExternal(ep) {
    return ep.namespace === "" && !ep.pod && ep.resolutionMechanism !== "node-ip";
}

function onItemCaptured(data) {
    if (!data.src.pod || !isExternal(data.dst)) return;
    var pod = data.src.namespace + "/" + data.src.name;
    var dest = (data.dst.name || data.dst.ip) + ":" + data.dst.port;
    var key = pod + " -> " + dest;
    if (!known[key]) {
        known[key] = true;
        console.log(new Date(data.timestamp).toISOString().slice(11, 19) + " new external destination: " + key + " (" + data.protocol.abbr + ")");
    }
    calls[key] = (calls[key] || 0) + 1;
}

function summary() {
    var keys = [];
    for (var k in calls) {
        if (calls.hasOwnProperty(k)) keys.push(k);
    }
    keys.sort();
    var parts = [];
    for (var i = 0; i < keys.length; i++) parts.push(keys[i] + " ×" + calls[keys[i]]);
    console.log(new Date().toISOString().slice(11, 19) + " external calls this minute: " + (parts.length ? parts.join("; ") : "none"));
    calls = {};
}

jobs.schedule("external-domains", "0 * * * * *", summary);
