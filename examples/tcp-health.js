// TCP health per pod: handshake time, retransmissions, resets

/*
 * Watches every TCP packet (onPacketCaptured) and keeps, per server pod: connections, the
 * mean handshake time (SYN to the client's first ACK), data segments sent again
 * (retransmissions: sequence range already seen in that direction), resets, and refused
 * connections (a SYN answered by RST — nothing listening, e.g. a crashed container).
 * Addresses are named from the items' identities. Every minute it prints the totals and
 * the pods with trouble (resets, refusals, or more than 2 retransmissions per 100
 * connections), and sets the gauges tcp_handshake_milliseconds{pod} and
 * tcp_retransmissions{pod} (per minute).
 *
 * Run it on the demo cluster's traffic:
 *   wirehook generate --out demo.pcap --identity demo.yaml --seed 7 --duration 180 --start 2026-01-01T00:58:30Z
 *   wirehook run examples/tcp-health.js --pcap demo.pcap --identity demo.yaml
 * Expected output: examples/golden/tcp-health.txt
 */

var MAX_RETRANS_RATE = 0.02;   // pods above this many retransmissions per connection are listed

var names = {};     // ip -> name, learned from items
var conns = {};     // "client>server" -> { server, syn, synAck, established }
var highest = {};   // "from>to" -> end of the highest sequence range seen
var stats = {};     // server ip -> { conns, hsSum, retrans, resets, refused }

function ms(ts) {
    // RFC 3339 with nanoseconds: keep the sub-millisecond part Date.parse drops.
    var dot = ts.indexOf(".");
    return Date.parse(ts.slice(0, dot) + "Z") + Number("0" + ts.slice(dot, ts.length - 1)) * 1000;
}

function statsOf(ip) {
    return stats[ip] || (stats[ip] = { conns: 0, hsSum: 0, hsN: 0, retrans: 0, resets: 0, refused: 0 });
}

function onItemCaptured(data) {
    if (data.src.name) names[data.src.ip] = data.src.name;
    if (data.dst.name) names[data.dst.ip] = data.dst.name;
}

function onPacketCaptured(info) {
    if (info.transport !== "tcp") return;
    var a = info.src.ip + ":" + info.src.port;
    var b = info.dst.ip + ":" + info.dst.port;
    var f = info.tcpFlags;
    var syn = f.indexOf("S") >= 0;
    var ack = f.indexOf("A") >= 0;
    if (syn && !ack) {
        conns[a + ">" + b] = { server: info.dst.ip, syn: ms(info.timestamp), established: false };
        return;
    }
    var mine = conns[a + ">" + b];
    var theirs = conns[b + ">" + a];
    if (f.indexOf("R") >= 0) {
        var c = mine || theirs;
        if (c) {
            if (c.established) statsOf(c.server).resets++;
            else statsOf(c.server).refused++;
        }
        delete conns[a + ">" + b];
        delete conns[b + ">" + a];
        delete highest[a + ">" + b];
        delete highest[b + ">" + a];
        return;
    }
    if (mine && !mine.established && ack) {
        var s = statsOf(mine.server);
        mine.established = true;
        s.conns++;
        s.hsSum += ms(info.timestamp) - mine.syn;
        s.hsN++;
    }
    if (info.payloadLength > 0) {
        var key = a + ">" + b;
        var end = (info.tcpSeq + info.payloadLength) % 4294967296;
        var top = highest[key];
        if (top !== undefined && ((end - top + 4294967296) % 4294967296) > 2147483648 || top === end) {
            var conn = mine || theirs;
            if (conn) statsOf(conn.server).retrans++;
        } else {
            highest[key] = end;
        }
    }
    if (f.indexOf("F") >= 0) {
        delete highest[a + ">" + b];
        if (theirs && !mine) delete conns[b + ">" + a];
        if (mine) delete conns[a + ">" + b];
    }
}

function report() {
    var total = { conns: 0, hsSum: 0, hsN: 0, retrans: 0, resets: 0, refused: 0 };
    var pods = {};   // name -> merged stats (a restarted pod has had several addresses)
    for (var ip in stats) {
        if (!stats.hasOwnProperty(ip)) continue;
        var s = stats[ip];
        var name = names[ip] || ip;
        var p = pods[name] || (pods[name] = { conns: 0, hsSum: 0, hsN: 0, retrans: 0, resets: 0, refused: 0 });
        for (var k in total) {
            if (total.hasOwnProperty(k)) {
                p[k] += s[k];
                total[k] += s[k];
            }
        }
    }
    var trouble = [];
    for (var pod in pods) {
        if (!pods.hasOwnProperty(pod)) continue;
        var x = pods[pod];
        if (x.hsN) prometheus.vector("tcp_handshake_milliseconds", "Mean TCP handshake time of connections to the pod, last minute", 2, x.hsSum / x.hsN, { pod: pod });
        prometheus.vector("tcp_retransmissions", "Retransmitted TCP data segments of the pod's connections, last minute", 2, x.retrans, { pod: pod });
        if (x.resets || x.refused || x.retrans > MAX_RETRANS_RATE * x.conns) {
            trouble.push(pod + ": " + x.conns + " connections, " + x.retrans + " retransmitted, " + x.resets + " reset, " + x.refused + " refused" +
                (x.hsN ? ", handshake " + (x.hsSum / x.hsN).toFixed(2) + " ms" : ""));
        }
    }
    trouble.sort();
    console.log(new Date().toISOString().slice(11, 19) + " tcp: " + total.conns + " connections, handshake " + (total.hsN ? (total.hsSum / total.hsN).toFixed(2) : "-") + " ms mean, " +
        total.retrans + " retransmitted, " + total.resets + " reset, " + total.refused + " refused");
    for (var i = 0; i < trouble.length; i++) console.log("  " + trouble[i]);
    stats = {};
}

jobs.schedule("tcp-health", "0 * * * * *", report);
