// API calls exported as HAR

/*
 * Collects the HTTP API calls matching a KFL filter and, every minute, writes them as a
 * HAR 1.2 file (wrapper.buildHAR) to har/api-calls-<unix time>.har in the data directory,
 * ready for a browser's network panel, an API-spec generator or a security scanner.
 * Only the fields a HAR needs are kept between exports.
 *
 * Env:
 *   HAR_KFL   which calls (default: http and request.path.startsWith("/api/"))
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/har-export.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/har-export.txt
 */

var FILTER = env.HAR_KFL || 'http and request.path.startsWith("/api/")';
var MAX_CALLS = 5000;
var calls = [];
var dropped = 0;

function onItemCaptured(data) {
    if (!kfl.match(FILTER, data)) return;
    if (calls.length >= MAX_CALLS) {
        dropped++;
        return;
    }
    calls.push({
        protocol: { name: data.protocol.name },
        tls: data.tls,
        startTime: data.startTime,
        timestamp: data.timestamp,
        elapsedTime: data.elapsedTime,
        dst: { name: data.dst.name, ip: data.dst.ip, port: data.dst.port },
        request: data.request,
        response: data.response
    });
}

function exportHar() {
    if (calls.length === 0) return;
    var path = "har/api-calls-" + Math.floor(Date.now() / 1000) + ".har";
    var har = wrapper.buildHAR(calls);
    file.write(path, har);
    var methods = {};
    for (var i = 0; i < calls.length; i++) methods[calls[i].request.method] = (methods[calls[i].request.method] || 0) + 1;
    var parts = [];
    for (var m in methods) {
        if (methods.hasOwnProperty(m)) parts.push(m + " " + methods[m]);
    }
    parts.sort();
    console.log(new Date().toISOString().slice(11, 19) + " wrote " + path + ": " + JSON.parse(har).log.entries.length + " entries (" + parts.join(", ") + ")" +
        (dropped ? ", " + dropped + " calls over the limit dropped" : ""));
    calls = [];
    dropped = 0;
}

jobs.schedule("har-export", "0 * * * * *", exportHar);
