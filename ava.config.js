// AVA runs TypeScript through tsx. Child processes (not worker threads): tsx's loader
// does not reach worker threads on node 20, isolated-vm needs --no-node-snapshot, and
// capture code must own a real process.
export default {
  files: [
    'capture/**/*.test.ts',
    'runtime/**/*.test.ts',
    'scripts/**/*.test.ts',
    'helpers/**/*.test.ts',
    'web/**/*.test.ts',
    'examples/**/*.test.ts',
    'chart/**/*.test.ts',
    'tools/**/*.test.ts',
  ],
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx', '--no-node-snapshot'],
  workerThreads: false,
  timeout: '3m',
};
