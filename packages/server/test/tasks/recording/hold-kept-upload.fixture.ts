// Run by kept-upload-claims.test.ts in a child process: retries the kept upload named by the arguments (kept
// directory, id) with a storage that never answers, prints "holding" once the upload is under way, and waits to be
// killed: what a process that crashes mid-retry leaves behind.
import { RecordUploads } from '../../../src/tasks/recording/record-uploads.js';

const [keptDir, id] = process.argv.slice(2) as [string, string];
const uploads = new RecordUploads({
  keptDir,
  now: Date.now,
  storage: {
    put: () => {
      process.stdout.write('holding\n');
      return new Promise(() => {});
    },
    checkBucket: async () => {},
  },
});
void uploads.retry(id, () => {});
setInterval(() => {}, 60_000);
