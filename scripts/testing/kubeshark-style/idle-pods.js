/**
 * Pods without traffic on this node
 * Counts items per pod name and reports the targeted pods that saw none.
 */

var nodeName = utils.nodeName();
var threshold = 0;
var activePods = {};

var red = "\x1b[31m";
var reset = "\x1b[0m";

function onItemCaptured(data) {
    if (data.Src && data.Src.Name) activePods[data.Src.Name] = (activePods[data.Src.Name] || 0) + 1;
    if (data.Dst && data.Dst.Name) activePods[data.Dst.Name] = (activePods[data.Dst.Name] || 0) + 1;
}

function printReport(isLongReport) {
    var targets = JSON.parse(hub.targeted()).targets;
    var idle = [];
    targets.forEach(function (target) {
        if (target.spec.nodeName === nodeName && !(activePods[target.metadata.name] > threshold)) idle.push(target.metadata.name);
    });
    if (isLongReport) {
        console.log(red + "Idle pods" + reset + "\n" + utils.json2Yaml(JSON.stringify({ node: nodeName, active: Object.keys(activePods).length, idle: idle })));
    } else {
        console.log("active pods: " + Object.keys(activePods).sort().join(","));
    }
}

if (nodeName !== "hub") {
    jobs.schedule("longReport", "0 * * * * *", printReport, 0, true);
    jobs.schedule("shortReport", "*/30 * * * * *", printReport, 0, false);
}
