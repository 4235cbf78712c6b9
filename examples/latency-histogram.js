// Latency histogram per service (Prometheus)

/*
 * Observes every answered call in the histogram
 * service_request_duration_seconds{service, namespace, protocol} (prometheus.histogram,
 * buckets from 1 ms to 5 s), so Prometheus / Grafana can chart percentiles per service:
 *   histogram_quantile(0.95, sum by (le, service) (rate(service_request_duration_seconds_bucket[5m])))
 * The service is the Kubernetes Service in front of the called pod (else the pod, DNS or
 * IP name). Every minute it prints calls, mean and slowest call per service.
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/latency-histogram.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/latency-histogram.txt
 */

var BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
var minute = {};   // service -> { n, sum, max }

function serviceOf(ep) {
    if (ep.service && ep.service.metadata) return ep.service.metadata.name;
    return ep.name || ep.ip;
}

function onItemCaptured(data) {
    if (!data.response || data.protocol.layer4 !== "tcp") return;
    var service = serviceOf(data.dst);
    var namespace = data.dst.namespace || "external";
    prometheus.histogram("service_request_duration_seconds", "Latency of calls, by the service called", data.elapsedTime / 1000,
        { service: service, namespace: namespace, protocol: data.protocol.abbr }, BUCKETS);
    var key = namespace + "/" + service;
    var s = minute[key] || (minute[key] = { n: 0, sum: 0, max: 0 });
    s.n++;
    s.sum += data.elapsedTime;
    if (data.elapsedTime > s.max) s.max = data.elapsedTime;
}

function report() {
    var keys = [];
    for (var k in minute) {
        if (minute.hasOwnProperty(k)) keys.push(k);
    }
    keys.sort();
    var time = new Date().toISOString().slice(11, 19);
    console.log(time + " latency by service, last minute:");
    for (var i = 0; i < keys.length; i++) {
        var s = minute[keys[i]];
        console.log("  " + keys[i] + ": " + s.n + " calls, mean " + (s.sum / s.n).toFixed(1) + " ms, max " + s.max + " ms");
    }
    minute = {};
}

jobs.schedule("latency-report", "0 * * * * *", report);
