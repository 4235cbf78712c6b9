// Traffic matrix between namespaces, as metrics

/*
 * Counts every item by source and destination namespace and protocol, as the counters
 * namespace_requests_total{src_namespace, dst_namespace, protocol} and
 * namespace_bytes_total{…} on /metrics (graph them as a heat map; see
 * examples/grafana/wirehook.json). Endpoints outside Kubernetes count as "internet",
 * node addresses (kubelet probes, host-network pods) as "node". Every minute it prints the
 * matrix of that minute, busiest pairs first.
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/namespace-matrix.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/namespace-matrix.txt
 */

var minute = {};   // "src → dst" -> items this minute

function namespaceOf(ep) {
    if (ep.namespace) return ep.namespace;
    return ep.resolutionMechanism === "node-ip" ? "node" : "internet";
}

function onItemCaptured(data) {
    var labels = { src_namespace: namespaceOf(data.src), dst_namespace: namespaceOf(data.dst), protocol: data.protocol.abbr };
    prometheus.vector("namespace_requests_total", "Items between namespaces, by protocol", 1, 1, labels);
    prometheus.vector("namespace_bytes_total", "Request and response bytes between namespaces, by protocol", 1, data.requestSize + data.responseSize, labels);
    var key = labels.src_namespace + " → " + labels.dst_namespace;
    minute[key] = (minute[key] || 0) + 1;
}

function report() {
    var keys = [];
    for (var k in minute) {
        if (minute.hasOwnProperty(k)) keys.push(k);
    }
    keys.sort(function (a, b) { return minute[b] - minute[a] || (a < b ? -1 : 1); });
    var parts = [];
    for (var i = 0; i < keys.length; i++) parts.push(keys[i] + " " + minute[keys[i]]);
    console.log(new Date().toISOString().slice(11, 19) + " namespace matrix: " + (parts.length ? parts.join(", ") : "no traffic"));
    minute = {};
}

jobs.schedule("namespace-matrix", "0 * * * * *", report);
