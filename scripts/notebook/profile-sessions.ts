import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

const sessionSchema = z.object({
  startedAt: z.string(),
  /** Last moment this session was seen alive; a session killed outright ends here. */
  aliveAt: z.string(),
  resumedFromEpoch: z.number().nullable(),
});
export type ProfileSession = z.infer<typeof sessionSchema>;
const fileSchema = z.object({ sessions: z.array(sessionSchema) });

const HEARTBEAT_MS = 30_000;

export function sessionMs(s: ProfileSession): number {
  return Math.max(0, Date.parse(s.aliveAt) - Date.parse(s.startedAt));
}

/**
 * The runner sessions one run in a kept profile took: a book schedule of hours may be cut off
 * (a machine stopped, a time limit) and resumed from its checkpoint several times, and its wall
 * time is all of them. A session that starts the notebook over (no resume) starts a new list.
 */
export class ProfileSessions {
  private sessions: ProfileSession[] = [];
  private current: ProfileSession | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly file: string) {}

  /** Called once the runner knows whether this session resumes a cut-off run. */
  async begin(resumedFromEpoch: number | null, startedAt: Date): Promise<void> {
    const earlier =
      resumedFromEpoch === null || !existsSync(this.file)
        ? []
        : (fileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8'))).data?.sessions ?? []);
    const now = new Date().toISOString();
    this.current = { startedAt: startedAt.toISOString(), aliveAt: now, resumedFromEpoch };
    this.sessions = [...earlier, this.current];
    await this.write();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
  }

  private async beat(): Promise<void> {
    if (!this.current) return;
    this.current.aliveAt = new Date().toISOString();
    await this.write();
  }

  /** Stops the heartbeat and returns every session of this run, the current one last. */
  async end(): Promise<ProfileSession[]> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beat();
    return this.sessions;
  }

  private async write(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(this.file, `${JSON.stringify({ sessions: this.sessions }, null, 2)}\n`);
  }
}

/** ` over 2 runner sessions, resumed from the checkpoint of epoch 275`, or '' for one session. */
export function sessionsPhrase(
  sessions: readonly { resumedFromEpoch: number | null }[] = [],
): string {
  const resumes = sessions.flatMap((s) =>
    s.resumedFromEpoch === null ? [] : [s.resumedFromEpoch],
  );
  if (resumes.length === 0) return '';
  const which = resumes.length > 1 ? 's of epochs' : ' of epoch';
  return ` over ${sessions.length} runner sessions, resumed from the checkpoint${which} ${resumes.join(', ')}`;
}
