/** A protocol's abbreviation in its own colours (from the dissector descriptor). */
import type { ProtocolBadge as Proto } from '../api/types.ts';

const FALLBACK_BG = '#6b7280';
const FALLBACK_FG = '#ffffff';
const COLOR = /^#[0-9a-fA-F]{3,8}$|^rgba?\([\d\s.,%]+\)$/;

/** Only plain colour values reach a style attribute. */
export function safeColor(c: string | undefined, fallback: string): string {
  return c && COLOR.test(c) ? c : fallback;
}

export function ProtocolBadge({ protocol, title }: { protocol: Pick<Proto, 'abbr' | 'backgroundColor' | 'foregroundColor'> & { name?: string }; title?: string }) {
  return (
    <span
      class="badge"
      title={title ?? protocol.name ?? protocol.abbr}
      style={{ background: safeColor(protocol.backgroundColor, FALLBACK_BG), color: safeColor(protocol.foregroundColor, FALLBACK_FG) }}
    >
      {protocol.abbr || '?'}
    </span>
  );
}
