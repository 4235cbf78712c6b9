// HTTP 5xx alerts to Slack, with the stream's pcap

/*
 * Every HTTP response with a 5xx status raises an alert: a Slack message (vendor.slackBot)
 * naming the service, pod, method and path, with the TCP stream's pcap (pcap.path) and the
 * item as JSON attached. Alerts are grouped per service: at most one a minute, the next
 * one says how many more failures it held back. Without Slack settings the alert lines go
 * to alerts/http-5xx.log in the data directory instead (what the demo does).
 *
 * Env:
 *   SLACK_AUTH_TOKEN   bot token (xoxb-…), with files:write and chat:write
 *   SLACK_CHANNEL_ID   channel to post to (C…)
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/http-5xx-alert.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/http-5xx-alert.txt
 */

var EVERY_MS = 60 * 1000;
var lastAlert = {};   // service -> time of its last alert
var heldBack = {};    // service -> failures since then
var useSlack = env.SLACK_AUTH_TOKEN && env.SLACK_CHANNEL_ID ? true : false;

function clock() {
    return new Date().toISOString().slice(11, 19);
}

function serviceOf(ep) {
    if (ep.service && ep.service.metadata) return ep.service.metadata.name;
    return ep.name || ep.ip;
}

function alert(data, service, more) {
    var req = data.request;
    var text = req.method + " " + req.path + " answered " + data.response.status + " after " + data.elapsedTime + " ms" +
        (more > 0 ? " (" + more + " more failures since the last alert)" : "");
    var pcapFile = pcap.path(data.stream);
    if (!useSlack) {
        file.append("alerts/http-5xx.log", new Date().toISOString() + " " + service + " " + text + " pcap=" + pcapFile + "\n");
        return "logged";
    }
    var itemFile = file.temp("item", "", "json");
    file.write(itemFile, JSON.stringify(data, null, 2));
    var files = {};
    files[data.stream] = pcapFile;
    files["item.json"] = itemFile;
    vendor.slackBot(env.SLACK_AUTH_TOKEN, env.SLACK_CHANNEL_ID,
        "HTTP " + data.response.status + " from " + service + " in " + (data.dst.namespace || "an external service"),
        text, "#d40000",
        {
            "Service": service,
            "Namespace": data.dst.namespace,
            "Pod": data.dst.name,
            "Client": data.src.name || data.src.ip,
            "Node": data.node.name
        },
        files);
    file.delete(itemFile);
    return "sent to Slack";
}

function onItemCaptured(data) {
    if (data.protocol.name !== "http" || !data.response || data.response.status < 500) return;
    var service = serviceOf(data.dst);
    var now = Date.now();
    if (lastAlert[service] !== undefined && now - lastAlert[service] < EVERY_MS) {
        heldBack[service] = (heldBack[service] || 0) + 1;
        return;
    }
    var more = heldBack[service] || 0;
    lastAlert[service] = now;
    heldBack[service] = 0;
    try {
        var how = alert(data, service, more);
        console.log(clock() + " " + data.response.status + " " + service + " " + data.request.method + " " + data.request.path + " (" + how + ", " + more + " held back)");
    } catch (e) {
        console.error(clock() + " alert for " + service + " failed: " + e.message);
    }
}
