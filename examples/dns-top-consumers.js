// Top 5 DNS consumers as Prometheus gauges

/*
 * Counts DNS queries per client pod and, every minute, publishes the five pods that asked
 * most as the gauge dns_top_consumer_queries{pod, namespace} (queries in the last minute;
 * a pod that drops out of the top 5 is set to 0) and prints the ranking. A pod resolving
 * far more than its peers usually lacks a DNS cache or has `ndots` trouble.
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/dns-top-consumers.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/dns-top-consumers.txt
 */

var TOP = 5;
var counts = {};     // "pod|namespace" -> queries this minute
var published = {};  // keys published as gauges last minute

function onItemCaptured(data) {
    if (data.protocol.name !== "dns") return;
    var key = (data.src.name || data.src.ip) + "|" + (data.src.namespace || "");
    counts[key] = (counts[key] || 0) + 1;
}

function report() {
    var list = [];
    for (var key in counts) {
        if (counts.hasOwnProperty(key)) list.push({ key: key, n: counts[key] });
    }
    list.sort(function (a, b) { return b.n - a.n || (a.key < b.key ? -1 : 1); });
    var top = list.slice(0, TOP);
    var now = {};
    var parts = [];
    for (var i = 0; i < top.length; i++) {
        var p = top[i].key.split("|");
        prometheus.vector("dns_top_consumer_queries", "DNS queries in the last minute of the pods that asked most", 2, top[i].n, { pod: p[0], namespace: p[1] || "none" });
        now[top[i].key] = true;
        parts.push((i + 1) + ". " + (p[1] ? p[1] + "/" : "") + p[0] + " " + top[i].n);
    }
    for (var old in published) {
        if (published.hasOwnProperty(old) && !now[old]) {
            var q = old.split("|");
            prometheus.vector("dns_top_consumer_queries", "DNS queries in the last minute of the pods that asked most", 2, 0, { pod: q[0], namespace: q[1] || "none" });
        }
    }
    published = now;
    counts = {};
    console.log(new Date().toISOString().slice(11, 19) + " top DNS consumers: " + (parts.length ? parts.join(", ") : "no DNS queries"));
}

jobs.schedule("dns-top-consumers", "0 * * * * *", report);
