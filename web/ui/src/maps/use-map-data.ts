/**
 * Polls `/api/maps/l4|l7` every 2 s (not while paused or the tab is hidden). In rate
 * mode edges carry per-second values: the difference to the previous poll divided by the
 * time between the two.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from '../api/client.ts';
import type { L4Map, L7Map, MapGrouping } from '../api/types.ts';
import { l4Rates, l7Rates } from './edge-metrics.ts';
import type { MapKind } from './graph-model.ts';

export const POLL_MS = 2000;

export interface MapQuery {
  kind: MapKind;
  group: MapGrouping;
  filter: string;
  rate: boolean;
  paused: boolean;
}

export type MapData = { kind: 'l4'; map: L4Map } | { kind: 'l7'; map: L7Map };

export function useMapData(q: MapQuery): { data: MapData | null; error: string; updatedAt: number; refresh: () => void } {
  const [data, setData] = useState<MapData | null>(null);
  const [error, setError] = useState('');
  const [updatedAt, setUpdatedAt] = useState(0);
  const prev = useRef<{ key: string; at: number; map: L4Map | L7Map } | null>(null);
  const [tick, setTick] = useState(0);

  const key = `${q.kind}|${q.group}|${q.filter}`;
  useEffect(() => {
    setData(null);
    prev.current = null;
  }, [key]);

  useEffect(() => {
    if (q.paused) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctl = new AbortController();
    const poll = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const raw = await api.get<L4Map | L7Map>(`/api/maps/${q.kind}`, { group: q.group, filter: q.filter || undefined }, ctl.signal);
          if (stop) return;
          const now = performance.now();
          const before = prev.current && prev.current.key === key ? prev.current : null;
          prev.current = { key, at: now, map: raw };
          let map = raw;
          if (q.rate) {
            const dt = before ? (now - before.at) / 1000 : 0;
            map =
              q.kind === 'l7'
                ? { ...(raw as L7Map), edges: l7Rates((raw as L7Map).edges, before ? (before.map as L7Map).edges : (raw as L7Map).edges, dt || 1) }
                : { ...(raw as L4Map), edges: l4Rates((raw as L4Map).edges, before ? (before.map as L4Map).edges : (raw as L4Map).edges, dt || 1) };
          }
          setData(q.kind === 'l7' ? { kind: 'l7', map: map as L7Map } : { kind: 'l4', map: map as L4Map });
          setUpdatedAt(Date.now());
          setError('');
        } catch (e) {
          if (!stop) setError(errorText(e));
        }
      }
      if (!stop) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stop = true;
      ctl.abort();
      clearTimeout(timer);
    };
  }, [key, q.rate, q.paused, tick]);

  return { data, error, updatedAt, refresh: () => setTick((t) => t + 1) };
}
