// One vocabulary for the permission modes (#16: the UI said "Ask first", the README "Ask me"):
// the confirmation card's names are the ones the settings UI and the README use.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { modeTitle, PERMISSION_MODES } from '../../../webview/session/runText';

const repo = path.resolve(__dirname, '../../..');

describe('permission mode names', () => {
  it('are the same in the confirmation card, the settings descriptions and the README', () => {
    const setting = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).contributes.configuration.properties['viban.defaultPermissionMode'];
    assert.deepEqual(setting.enum, PERMISSION_MODES);
    setting.enumDescriptions.forEach((d: string, i: number) => assert.ok(d.startsWith(`${modeTitle[PERMISSION_MODES[i]]}:`), `setting description "${d}" starts with "${modeTitle[PERMISSION_MODES[i]]}:"`));
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\s+- \*([^*]+)\* — /gm)].map((m) => m[1]);
    assert.deepEqual(listed, PERMISSION_MODES.map((m) => modeTitle[m]));
  });
});
