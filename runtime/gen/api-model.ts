/**
 * What the generated script API files are made of: the hook table, the op catalog grouped
 * by namespace, and the item types as declared in capture/item.ts and capture/packet-info.ts
 * (copied from the source so the editor typings follow the shared contract).
 */
import { readFileSync } from 'node:fs';
import type { OpCatalog } from '../../helpers/catalog.ts';
import type { OpDefinition } from '../../helpers/define-op.ts';

export interface Namespace {
  /** '' for global functions and values (setTimeout, env). */
  name: string;
  ops: OpDefinition[];
}

/** Ops grouped by their first name segment, in catalog order; global names last. */
export function namespaces(catalog: OpCatalog): Namespace[] {
  const out = new Map<string, OpDefinition[]>();
  for (const d of catalog.definitions) {
    const ns = d.name.includes('.') ? d.name.split('.')[0] : '';
    out.set(ns, [...(out.get(ns) ?? []), d]);
  }
  return [...out].map(([name, ops]) => ({ name, ops })).sort((a, b) => (a.name === '') === (b.name === '') ? 0 : a.name === '' ? 1 : -1);
}

const TYPE_SOURCES: [file: string, names: string[]][] = [
  ['../../capture/item.ts', ['ProtocolInfo', 'ItemEndpoint', 'ItemError', 'Item']],
  ['../../capture/packet-info.ts', ['PacketInfo']],
];

/** `interface X { … }` blocks (with their doc comments), `export` removed. */
export function itemTypeDeclarations(): string {
  const blocks: string[] = [];
  for (const [file, names] of TYPE_SOURCES) {
    const src = readFileSync(new URL(file, import.meta.url), 'utf8');
    for (const name of names) {
      const m = new RegExp(`((?:/\\*\\*(?:[^*]|\\*(?!/))*\\*/\\n)?)export interface ${name} \\{\\n[\\s\\S]*?\\n\\}`).exec(src);
      if (!m) throw new Error(`interface ${name} not found in ${file}`);
      blocks.push(m[0].replace(`export interface ${name}`, `interface ${name}`));
    }
  }
  return blocks.join('\n\n');
}
