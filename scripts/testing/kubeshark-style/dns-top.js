// Busiest DNS names per DNS server

/*
 * Workers count DNS answers per server and send their map to the hub every 10 seconds;
 * the hub merges the maps and prints the top names every 20 seconds.
 */

var workerMap = {};
var hubMap = {};
var scriptKey = "dns-top";

var blue = "\033[34m";
var green = "\033[32m";
var bold = "\033[1m";
var reset = "\033[0m";

function onHubAction(action, object) {
    if (action == scriptKey)
        hubMap = wrapper.joinMaps(hubMap, object);
}

function onItemCaptured(data) {
    try {
        if (data.protocol && data.protocol.name === "dns" && data.response && data.response.answers) {
            var server = (data.dst.name || data.dst.ip) + " (" + (data.dst.namespace || "External") + ")";
            if (!workerMap[server]) workerMap[server] = {};
            for (var i = 0; i < data.response.answers.length; i++) {
                var name = data.response.answers[i].name;
                if (name) {
                    if (!workerMap[server][name]) workerMap[server][name] = 0;
                    workerMap[server][name]++;
                }
            }
        }
    } catch (e) {
        console.error(bold + "DNS error:" + reset, e);
    }
}

function report() {
    var text = "DNS servers:\n";
    for (var server in hubMap) {
        if (!hubMap.hasOwnProperty(server)) continue;
        var names = [];
        var total = 0;
        for (var name in hubMap[server]) {
            names.push({ name: name, count: hubMap[server][name] });
            total += hubMap[server][name];
        }
        names.sort(function (a, b) { return b.count - a.count || (a.name < b.name ? -1 : 1); });
        text += bold + blue + server + reset + " total " + total + "\n";
        for (var j = 0; j < Math.min(3, names.length); j++)
            text += "  " + (j + 1) + ". " + green + names[j].name + reset + " " + names[j].count + "\n";
    }
    return text;
}

function sendToHub() {
    hub.action(scriptKey, workerMap);
    workerMap = {};
}

function printReport() {
    console.clear();
    console.log(report());
}

if (utils.nodeName() === "hub") {
    jobs.schedule("report-dns", "*/20 * * * * *", printReport);
} else {
    jobs.schedule("worker-to-hub", "*/10 * * * * *", sendToHub);
    jobs.schedule("local-report", "*/20 * * * * *", printReport);
}
