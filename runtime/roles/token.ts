/**
 * The dashboard token: configured (`dashboard.token` / WIREHOOK_DASHBOARD_TOKEN), or
 * generated at the first start and kept in `<dataDir>/token` (mode 0600) so it survives
 * restarts. Required for every state-changing API call and for the WebSocket.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function dashboardToken(configured: string, dataDir: string): Promise<{ token: string; generated: boolean }> {
  if (configured) return { token: configured, generated: false };
  const file = path.join(dataDir, 'token');
  try {
    const t = (await readFile(file, 'utf8')).trim();
    if (t.length >= 16) return { token: t, generated: false };
  } catch {
    /* first start */
  }
  const token = randomBytes(24).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, token + '\n', { mode: 0o600 });
  return { token, generated: true };
}
