import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseProfiles } from '../../src/credentials/profile-file.js';

describe('parseProfiles', () => {
  test('sections, comments, quotes and spacing', () => {
    const profiles = parseProfiles(
      '; comment\n[default]\naccess_key_id=AK1\n  secret_access_key = "S K"  \n\n# more\n[ staging ]\nregion = ap-singapore-1\n',
    );
    assert.deepEqual(profiles.get('default'), { access_key_id: 'AK1', secret_access_key: 'S K' });
    assert.deepEqual(profiles.get('staging'), { region: 'ap-singapore-1' });
  });
  test('errors name the line', () => {
    assert.throws(() => parseProfiles('access_key_id = x'), /line 1: expected \[profile\]/);
    assert.throws(() => parseProfiles('[a]\npassword = x'), /line 2: unknown key password/);
  });
});
