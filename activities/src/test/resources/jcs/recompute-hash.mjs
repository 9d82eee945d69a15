// Recomputes one ledger event's chain hash with an independent RFC 8785 implementation (npm
// `canonicalize`), from the row's columns alone: sha256hex(prev_hash + JCS(envelope)).
// Input on stdin: {"taskId", "seq", "type", "step", "workflowRunId", "workflowId", "activityId",
// "traceId", "schemaVersion", "payload" (the stored text), "prevHash"}. Prints the hash.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(process.env.JCS_NODE_MODULES + '/');
// canonicalize 5 is an ES module: its function is the default export.
const loaded = require('canonicalize');
const canonicalize = loaded.default ?? loaded;

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const row = JSON.parse(input);
  const envelope = { taskId: row.taskId, seq: row.seq, type: row.type, step: row.step };
  for (const name of ['workflowRunId', 'workflowId', 'activityId', 'traceId', 'schemaVersion']) {
    if (row[name] !== null && row[name] !== undefined) envelope[name] = row[name];
  }
  envelope.payload = JSON.parse(row.payload);
  const hash = createHash('sha256').update(row.prevHash + canonicalize(envelope), 'utf8');
  process.stdout.write(hash.digest('hex'));
});
