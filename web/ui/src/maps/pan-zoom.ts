/**
 * Pan and zoom for the SVG map: wheel zooms around the pointer, dragging the background
 * pans, `fit` frames a bounding box. The transform is `translate(x, y) scale(k)`.
 */
import type { RefObject } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface View {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 4;
const clampK = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** The view that shows `b` centred in a `width`×`height` viewport with a margin. */
export function fitView(b: { minX: number; minY: number; maxX: number; maxY: number }, width: number, height: number, margin = 40): View {
  const w = Math.max(1, b.maxX - b.minX);
  const h = Math.max(1, b.maxY - b.minY);
  const k = clampK(Math.min((width - 2 * margin) / w, (height - 2 * margin) / h, 1.5));
  return { k, x: (width - w * k) / 2 - b.minX * k, y: (height - h * k) / 2 - b.minY * k };
}

/** Zoom by `factor` keeping the point (px, py) of the viewport still. */
export function zoomAt(v: View, factor: number, px: number, py: number): View {
  const k = clampK(v.k * factor);
  const f = k / v.k;
  return { k, x: px - (px - v.x) * f, y: py - (py - v.y) * f };
}

export function usePanZoom(svg: RefObject<SVGSVGElement | null>) {
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  /** The last pointer gesture moved the map (so its click is not a background click). */
  const moved = useRef(false);

  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      setView((v) => zoomAt(v, Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [svg.current]);

  const onPointerDown = useCallback(
    (e: PointerEvent) => {
      if ((e.target as Element).closest('.map-node, .map-edge')) return;
      drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
      moved.current = false;
      (e.currentTarget as Element).setPointerCapture(e.pointerId);
    },
    [view],
  );
  const onPointerMove = useCallback((e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 3) moved.current = true;
    setView((v) => ({ ...v, x: d.vx + e.clientX - d.x, y: d.vy + e.clientY - d.y }));
  }, []);
  const onPointerUp = useCallback(() => {
    drag.current = null;
  }, []);

  const zoomBy = (factor: number) => {
    const el = svg.current;
    const w = el?.clientWidth ?? 800;
    const h = el?.clientHeight ?? 600;
    setView((v) => zoomAt(v, factor, w / 2, h / 2));
  };

  return { view, setView, zoomBy, wasDrag: () => moved.current, handlers: { onPointerDown, onPointerMove, onPointerUp } };
}
