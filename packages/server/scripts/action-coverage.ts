// What docs/server.md's "What is implemented" table says, computed from the server's own action table: the providers
// of every catalog area built over stand-in domains (building a provider calls none of its domain), and the table
// buildActionTable makes of them. `npm run docs:actions -w @rtc-openapi/server` writes it (write-actions-doc.ts);
// test/providers/actions-doc.test.ts fails when the committed section differs.
import { actionSpecs, type ActionArea } from '@rtc-openapi/api';
import type { AppService } from '../src/apps/app-service.js';
import { buildActionTable } from '../src/providers/action-table.js';
import type { Provider } from '../src/providers/provider.js';
import { serverProviders, type ProviderDomains } from '../src/providers/provider-list.js';

export const BEGIN_MARKER =
  '<!-- actions:begin (written by `npm run docs:actions -w @rtc-openapi/server` from the action table; do not edit) -->';
export const END_MARKER = '<!-- actions:end -->';

/** The server's providers over stand-in domains: their handlers, as app.ts would register them. */
export function providersOfTheServer(): Provider[] {
  const domains = {
    apps: {} as AppService,
    rooms: {},
    tasks: {},
    pushes: {},
    relays: {},
    voice: {},
    vendorPolicies: {},
    billing: {},
    whiteboard: {},
    music: {},
    now: Date.now,
  } as ProviderDomains;
  return Object.values(serverProviders(domains));
}

/** Each area in the catalog's order (section 2.1), with the page beside server.md that describes it. */
const AREA_DOCS: Readonly<Record<ActionArea, string>> = {
  room: 'presence-protocol.md',
  messaging: 'presence-protocol.md',
  recording: 'tasks.md',
  'push-cdn': 'tasks.md',
  'public-stream': 'tasks.md',
  'relay-stream': 'tasks.md',
  snapshot: 'tasks.md',
  segment: 'tasks.md',
  detection: 'moderation.md',
  webcast: 'tasks.md',
  whiteboard: 'data-and-tail.md',
  'ai-voice-chat': 'voice-agent.md',
  'app-management': 'data-and-tail.md',
  'callback-config': 'contracts.md',
  'data-quality-usage': 'data-and-tail.md',
  'billing-resources': 'data-and-tail.md',
  'music-library': 'data-and-tail.md',
  'multi-vendor-policy': 'data-and-tail.md',
};

/** The section between the markers: one row per catalog area, in the catalog's order. */
export function renderActionsSection(): string {
  const handled = new Set(providersOfTheServer().flatMap((p) => Object.keys(p.handlers)));
  // Built as the server builds it: this throws when an action-version has no handler.
  const table = buildActionTable(providersOfTheServer());
  const areas = Object.keys(AREA_DOCS) as ActionArea[];
  const rows = areas.map((area) => {
    const specs = actionSpecs.filter((s) => s.area === area);
    const actions = [...new Set(specs.map((s) => s.action))].sort();
    const served = specs.filter((s) => handled.has(s.action)).length;
    const cells = actions.map((action) => {
      const versions = specs.filter((s) => s.action === action).map((s) => s.version);
      return `${action} (${versions.join(', ')})`;
    });
    const docs = AREA_DOCS[area];
    return `| ${area} | ${served} of ${specs.length} | ${cells.join('; ')} | \`providers/${area}/\` | [${docs}](${docs}) |`;
  });
  const total = actionSpecs.length;
  const served = actionSpecs.filter((s) => handled.has(s.action)).length;
  const summary = `${served} of the ${total} catalogued action-versions (${table.size} in the action table) have a handler.`;
  return [
    BEGIN_MARKER,
    '',
    summary,
    '',
    '| area | action-versions handled | actions (versions) | provider | described in |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    END_MARKER,
  ].join('\n');
}

/** `text` with the section between the markers replaced by `section`; throws when the markers are missing. */
export function withActionsSection(text: string, section: string): string {
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error('docs/server.md lacks the actions markers');
  return text.slice(0, begin) + section + text.slice(end + END_MARKER.length);
}
