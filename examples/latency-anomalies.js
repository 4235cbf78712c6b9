// Latency anomalies per pod and path (IQR)

/*
 * Learns the normal latency of every (server pod, method, path) from the last 200 calls
 * and flags calls slower than the upper Tukey fence, Q3 + 3 × IQR (IQR = Q3 − Q1, the
 * middle half of the calls) — robust against the outliers it looks for, unlike mean and
 * standard deviation. Numeric path segments are folded (/orders/42 → /orders/:id).
 * Fences are recomputed every minute from at least 20 calls; each minute prints the
 * anomalies it saw, worst first.
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/latency-anomalies.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/latency-anomalies.txt
 */

var WINDOW = 200;       // calls kept per pod and path
var MIN_CALLS = 20;     // calls needed before a fence is set
var K = 3;              // fence = Q3 + K * IQR (1.5: mild outliers, 3: extreme ones)
var MIN_GAP_MS = 20;    // and at least this far above Q3 (fast endpoints jitter)

var samples = {};       // key -> latencies (ms), oldest first
var fences = {};        // key -> { q1, q3, limit }
var found = {};         // key -> { count, worst } since the last report

function keyOf(data) {
    var path = (data.request.path || "/").split("?")[0].replace(/\/\d+(?=\/|$)/g, "/:id");
    return (data.dst.name || data.dst.ip) + " " + data.request.method + " " + path;
}

function quantile(sorted, q) {
    var pos = (sorted.length - 1) * q;
    var lo = Math.floor(pos);
    var hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function onItemCaptured(data) {
    if (data.protocol.name !== "http" || !data.response || !data.request) return;
    var key = keyOf(data);
    var ms = data.elapsedTime;
    var f = fences[key];
    if (f && ms > f.limit) {
        var a = found[key] || (found[key] = { count: 0, worst: 0 });
        a.count++;
        if (ms > a.worst) a.worst = ms;
    }
    var list = samples[key] || (samples[key] = []);
    list.push(ms);
    if (list.length > WINDOW) list.shift();
}

function analyze() {
    for (var key in samples) {
        if (!samples.hasOwnProperty(key) || samples[key].length < MIN_CALLS) continue;
        var sorted = samples[key].slice().sort(function (a, b) { return a - b; });
        var q1 = quantile(sorted, 0.25);
        var q3 = quantile(sorted, 0.75);
        fences[key] = { q1: q1, q3: q3, limit: Math.max(q3 + K * (q3 - q1), q3 + MIN_GAP_MS) };
    }
    var keys = [];
    for (var k in found) {
        if (found.hasOwnProperty(k)) keys.push(k);
    }
    keys.sort(function (a, b) { return found[b].worst - found[a].worst || (a < b ? -1 : 1); });
    var time = new Date().toISOString().slice(11, 19);
    if (keys.length === 0) console.log(time + " no latency anomalies");
    for (var i = 0; i < keys.length; i++) {
        var x = found[keys[i]];
        var fence = fences[keys[i]];
        console.log(time + " anomaly " + keys[i] + ": " + x.count + " call(s) above " + Math.round(fence.limit) + " ms, worst " + x.worst + " ms" +
            " (Q1 " + fence.q1.toFixed(1) + " ms, Q3 " + fence.q3.toFixed(1) + " ms)");
    }
    found = {};
}

jobs.schedule("latency-anomalies", "0 * * * * *", analyze);
