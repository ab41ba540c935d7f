import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileSessions, sessionMs } from '../profile-sessions';

const file = () => join(mkdtempSync(join(tmpdir(), 'sessions-')), 'nb', 'runner-sessions.json');

describe('ProfileSessions', () => {
  it('adds a resumed session to the earlier ones, so the wall time is the whole run', async () => {
    const path = file();
    const first = new ProfileSessions(path);
    await first.begin(null, new Date(Date.now() - 60_000));
    // The first session is killed: it never calls end(), its last heartbeat is what counts.
    const second = new ProfileSessions(path);
    await second.begin(275, new Date(Date.now() - 1_000));
    const sessions = await second.end();
    expect(sessions.map((s) => s.resumedFromEpoch)).toEqual([null, 275]);
    expect(sessionMs(sessions[0]!)).toBeGreaterThanOrEqual(59_000);
    expect(sessionMs(sessions[1]!)).toBeGreaterThanOrEqual(1_000);
    expect(JSON.parse(readFileSync(path, 'utf8')).sessions).toHaveLength(2);
  });

  it('starts a new list when a session runs the notebook from the top', async () => {
    const path = file();
    const first = new ProfileSessions(path);
    await first.begin(null, new Date());
    await first.end();
    const fresh = new ProfileSessions(path);
    await fresh.begin(null, new Date());
    expect(await fresh.end()).toHaveLength(1);
  });
});
