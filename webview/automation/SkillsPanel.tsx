// The Skills view: the catalog with trust badges (vetted / community / experimental, and why a
// vetted skill dropped), Vet, and Import from a folder, a git URL or the marketplace.
import type { SkillEntry } from '../../src/protocol/automation';
import { Button } from '../ui/Button';
import { useAutomation } from './automationContext';

export function SkillsPanel() {
  const hub = useAutomation();
  if (!hub) return null;
  const skills = hub.snapshot?.skills ?? [];
  const act = (action: 'vet' | 'sync' | 'importFolder' | 'importGit' | 'importMarketplace', skillId?: string) =>
    void hub.request({ type: 'skillAction', action, ...(skillId && { skillId }) }, 600_000);
  return (
    <section class="skills-panel" aria-label="Skills">
      <div class="form-actions">
        <Button appearance="secondary" onClick={() => act('importFolder')}>Import folder…</Button>
        <Button appearance="secondary" onClick={() => act('importGit')}>Import from git…</Button>
        <Button appearance="secondary" onClick={() => act('importMarketplace')}>Marketplace…</Button>
        <Button appearance="secondary" onClick={() => act('sync')}>Rescan</Button>
      </div>
      {skills.length === 0 ? (
        <p class="muted">No skills yet: add .viban/skills/&lt;id&gt;/SKILL.md, or import one.</p>
      ) : (
        <ul class="skills-list">
          {skills.map((s) => (
            <li key={s.id} class="skill-row" data-skill-id={s.id}>
              <div class="skill-head">
                <strong>{s.name}</strong> <span class="muted">{s.id}</span>
                <span class={`trust-badge trust-${s.trust}`} title={trustWhy(s)}>{s.trust}</span>
                <span class="muted">{s.source}{s.pinnedCommit ? ` @ ${s.pinnedCommit.slice(0, 7)}` : ''} · v{s.version}</span>
                {s.trust !== 'vetted' && (
                  <Button appearance="secondary" className="skill-vet" onClick={() => act('vet', s.id)}>Vet</Button>
                )}
              </div>
              {s.description && <div class="skill-description">{s.description}</div>}
              {s.outputs.length > 0 && <div class="muted">Outputs: {s.outputs.join(', ')}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function trustWhy(s: SkillEntry): string {
  if (s.trust === 'vetted') return 'Vetted: may run in fully automatic columns.';
  if (s.vettedHash && s.vettedHash !== s.contentHash) return 'Its files changed since it was vetted: vet it again to use it in fully automatic columns.';
  return s.trust === 'community' ? 'Imported, not reviewed here yet.' : 'Not vetted yet.';
}
