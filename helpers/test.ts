/**
 * test.pass / test.fail (SCRIPT-API.md §3): mark an item and return the same object, for
 * onItemQueried. Guest ops: they must keep object identity, so they never cross to the host.
 */
import { defineGuestOp } from './define-op.ts';

function mark(field: 'passed' | 'failed', name: string): string {
  return `function ${name}(data) {
    if (data === null || typeof data !== 'object') throw new Error('test.${name}: argument 1 (data) must be an object, got ' + (data === null ? 'null' : typeof data));
    data.${field} = true;
    return data;
  }`;
}

export const testOps = [
  defineGuestOp({
    name: 'test.pass',
    signature: '<T extends object>(data: T): T & { passed: true }',
    doc: 'Sets `data.passed = true` and returns the same object (return it from onItemQueried to mark the item green).',
    source: mark('passed', 'pass'),
  }),
  defineGuestOp({
    name: 'test.fail',
    signature: '<T extends object>(data: T): T & { failed: true }',
    doc: 'Sets `data.failed = true` and returns the same object (return it from onItemQueried to mark the item red).',
    source: mark('failed', 'fail'),
  }),
];
