// Pass/fail colouring of API calls

/*
 * Marks API calls as passed or failed where they are shown: when the dashboard opens an
 * item (or the API queries it), onItemQueried returns it through test.pass / test.fail,
 * and the traffic table colours it green or red. Rules: an HTTP 5xx, a gRPC status other
 * than OK, or a call slower than SLOW_MS fails; other HTTP and gRPC calls pass; other
 * protocols are left as they are. onItemCaptured applies the same rules to print a
 * per-minute tally, so the rules can be checked offline.
 *
 * Env:
 *   SLOW_MS   latency above which a call fails (default 1000)
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/pass-fail.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/pass-fail.txt
 */

var SLOW_MS = env.SLOW_MS || 1000;
var tally = { passed: 0, failed: 0 };
var reasons = {};

/** "" when the call passes, the reason when it fails, null when the rules do not apply. */
function verdict(data) {
    if (data.protocol.name !== "http" || !data.response) return null;
    var grpc = data.response.grpc;
    if (grpc && grpc.status !== 0) return "gRPC status " + grpc.status;
    if (data.response.status >= 500) return "HTTP " + data.response.status;
    if (data.elapsedTime > SLOW_MS) return "slower than " + SLOW_MS + " ms";
    return "";
}

function onItemQueried(data) {
    var v = verdict(data);
    if (v === null) return;
    return v === "" ? test.pass(data) : test.fail(data);
}

function onItemCaptured(data) {
    var v = verdict(data);
    if (v === null) return;
    if (v === "") {
        tally.passed++;
        return;
    }
    tally.failed++;
    reasons[v] = (reasons[v] || 0) + 1;
}

function report() {
    var parts = [];
    for (var r in reasons) {
        if (reasons.hasOwnProperty(r)) parts.push(r + " ×" + reasons[r]);
    }
    parts.sort();
    console.log(new Date().toISOString().slice(11, 19) + " passed " + tally.passed + ", failed " + tally.failed + (parts.length ? " (" + parts.join(", ") + ")" : ""));
    tally = { passed: 0, failed: 0 };
    reasons = {};
}

jobs.schedule("pass-fail-tally", "0 * * * * *", report);
