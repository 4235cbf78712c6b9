/**
 * Demo traffic as a capture file (`wirehook generate`, benchmarks, tests): run the
 * generator on packet time until enough connections started (or enough time passed), let
 * the open conversations finish, and describe the cluster in an identity file — the static
 * objects as of the start plus the watch events (pod restarts) with their times — that
 * `identity.file` / `--identity` loads, so replays resolve names and fire `onPodEvent`.
 */
import { stringify } from 'yaml';
import type { KubeKind, KubeObject } from '../../enrich/identity.ts';
import type { FrameSink } from '../tcp-conversation.ts';
import { DemoTraffic, type ClusterEvent, type DemoTrafficOptions } from './demo-traffic.ts';
import { clusterObjects } from './kube-objects.ts';

export interface DemoCaptureOptions extends Omit<DemoTrafficOptions, 'onEvent'> {
  /** Stop starting new work once this many connections started (default 1000 unless durationSec is given). */
  connections?: number;
  /** Stop starting new work after this many seconds of packet time. */
  durationSec?: number;
}

export interface DemoCaptureSummary {
  startMs: number;
  /** Packet time the last conversation ended. */
  endMs: number;
  connections: number;
  requests: number;
  events: ClusterEvent[];
}

/** Write demo traffic into `sink` (e.g. pcapFileSink); returns what was written. */
export function writeDemoCapture(sink: FrameSink, o: DemoCaptureOptions = {}): DemoCaptureSummary {
  const events: ClusterEvent[] = [];
  let last = -Infinity;
  const timed: FrameSink = {
    frame(t, data) {
      last = t;
      sink.frame(t, data);
    },
  };
  const demo = new DemoTraffic(timed, { ...o, onEvent: (e) => events.push(e) });
  const limit = o.connections ?? (o.durationSec === undefined ? 1000 : Infinity);
  const until = o.durationSec === undefined ? Infinity : demo.startMs + o.durationSec * 1000;
  for (let t = demo.startMs; demo.connections < limit && t < until; ) {
    t = Math.min(t + 250, until);
    demo.runUntil(t);
  }
  demo.finish();
  return { startMs: demo.startMs, endMs: Math.max(last, demo.startMs), connections: demo.connections, requests: demo.requests, events };
}

const SECTIONS: Record<string, KubeKind> = { namespaces: 'Namespace', nodes: 'Node', services: 'Service', endpointSlices: 'EndpointSlice', pods: 'Pod' };

/** The identity document of a demo capture (YAML): objects at `startMs`, then the events. */
export function demoIdentityYaml(startMs: number, events: ClusterEvent[]): string {
  const doc: Record<string, unknown> = {};
  const objects = clusterObjects(startMs);
  for (const [section, kind] of Object.entries(SECTIONS)) doc[section] = objects.filter((o) => o.kind === kind).map((o) => o.object);
  doc.events = events.map((e) => ({ at: new Date(e.at).toISOString(), type: e.type, object: e.object as KubeObject }));
  return (
    '# Kubernetes identities of a Wirehook demo capture (wirehook generate --identity):\n' +
    '# the cluster as of the first packet, then the watch events with their packet times.\n' +
    stringify(doc, { lineWidth: 0 })
  );
}
