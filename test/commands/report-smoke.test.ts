import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { runCli, tempDb } from '../harness.js';
import { buildReportFixture } from '../fixtures/report/dataset.js';

it('smoke', async () => {
  const db = tempDb();
  await buildReportFixture(db);
  for (const f of ['json', 'terminal', 'md']) {
    const r = await runCli(['report', '--format', f], { db });
    writeFileSync(`/tmp/rep/out.${f}`, r.stdout + '\n---\n' + r.stderr + '\ncode ' + r.code);
  }
  for (const f of ['html', 'pdf']) {
    const r = await runCli(['report', '--format', f, '--ecraser'], { db, cwd: '/tmp/rep' });
    writeFileSync(`/tmp/rep/log.${f}`, r.stdout + '\n---\n' + r.stderr + '\ncode ' + r.code);
  }
});
