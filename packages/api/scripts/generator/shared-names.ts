// Names for the declarations of src/generated/shared.ts, by meaning and from the catalog alone (no hashes, nothing
// that depends on the order the generator meets the objects in). An object is named after its role, `Params` or
// `Result` for a whole params or result and the property's name in PascalCase for a nested object, and after its
// first use (uses sorted by action, version, property path), which gives the action. Candidates, generic first:
//
//   0. the role alone when several actions use the object: `Canvas`; a whole params or result with one field is named
//      after that field: `MessageResult` for `{ Message?: string }`;
//   1. the same, `Lowercase` first when the key is lowercase: `LowercaseMessageResult` for `{ message?: string }`;
//   2. the first action and the role: `StartRecordStorageConfig`, `DismissRoomParams`
//      (where an object used by one action starts);
//   3. qualified: by the parent property when that tells the objects apart, else by the first use's version
//      (`GetSegmentTaskStorageConfig_2023_11_01`), else
//   4. by both.
//
// Every object starts at its first candidate; all objects whose names meet (or meet a name the generated modules
// import) move one candidate down together, until no two meet. The schema properties' names end in `Fields`
// (`StorageConfigFields`); interfaces and schema properties are named apart, since two schemas can differ (an Integer
// and a Float) where their interfaces do not.
import type { CatalogField } from './catalog-entry.js';

export type SharedKind = 'schema' | 'type';

export interface SharedUse {
  action: string;
  version: string;
  /** Dotted property path, `[]` after arrays (`TargetStreams.StreamList[]`); '' for the whole params or result. */
  path: string;
  forResult: boolean;
}

/** One object text of one kind (schema properties or interface), written in several places. */
export interface SharedShape {
  id: string;
  kind: SharedKind;
  fields: CatalogField[];
  uses: SharedUse[];
}

/** Names the generated modules import or use, which a declaration must not take. */
const RESERVED = new Set([
  'ActionSpec',
  'Array',
  'DEFAULT_QPS',
  'ID_PATTERN_SOURCE',
  'MESSAGING_QPS',
  'MESSAGING_RATE_GROUP',
  'Record',
  'TProperties',
  'Type',
  'objectSchema',
]);

const LAST_LEVEL = 4;

/** `StorageConfig`, `storage_config` and `storageConfig` all give `StorageConfig`. */
function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `_${joined}`;
}

function compareUses(a: SharedUse, b: SharedUse): number {
  const ka = [a.action, a.version, a.path];
  const kb = [b.action, b.version, b.path];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

type Qualifier = 'parent' | 'version' | 'both';

class Candidates {
  readonly first: SharedUse;
  readonly parent: string;
  private readonly role: string;
  private readonly generic: string | undefined;
  /** `Lowercase` when the generic name comes from a lowercase key (`message`), which PascalCase would hide. */
  private readonly casing: string;
  private readonly suffix: string;

  constructor(shape: SharedShape) {
    this.suffix = shape.kind === 'schema' ? 'Fields' : '';
    const uses = [...shape.uses].sort(compareUses);
    this.first = uses[0]!;
    const segments = this.first.path === '' ? [] : this.first.path.split('.').map((s) => s.replace(/\[\]$/, ''));
    const last = segments[segments.length - 1];
    this.role = last !== undefined ? pascalCase(last) : this.first.forResult ? 'Result' : 'Params';
    this.parent = segments.length > 1 ? pascalCase(segments[segments.length - 2]!) : '';
    const severalActions = new Set(uses.map((u) => u.action)).size > 1;
    const lone = shape.fields.length === 1 ? shape.fields[0]!.name : undefined;
    this.generic = !severalActions
      ? undefined
      : last !== undefined
        ? this.role
        : lone !== undefined
          ? `${pascalCase(lone)}${this.role}`
          : undefined;
    this.casing = this.generic !== undefined && /^[a-z]/.test(last ?? lone ?? '') ? 'Lowercase' : '';
  }

  /** 0: generic, 1: generic with its casing, 2: action and role, 3: qualified, 4: by parent and version. */
  at(level: number, qualifier: Qualifier): string {
    if (level === 0 && this.generic) return `${this.generic}${this.suffix}`;
    if (level === 1 && this.generic) return `${this.casing}${this.generic}${this.suffix}`;
    const q: Qualifier | undefined = level >= 4 ? 'both' : level === 3 ? qualifier : undefined;
    const parent = q === 'parent' || q === 'both' ? this.parent : '';
    const version = q === 'version' || q === 'both' ? `_${this.first.version.replace(/-/g, '_')}` : '';
    return `${this.first.action}${parent}${this.role}${this.suffix}${version}`;
  }
}

// The qualifier that tells apart objects whose names met: their parent properties when those differ, else their
// versions, else both.
function qualifierFor(group: Candidates[]): Qualifier {
  const distinct = (values: string[]) => new Set(values).size === values.length;
  if (distinct(group.map((c) => c.parent))) return 'parent';
  return distinct(group.map((c) => c.first.version)) ? 'version' : 'both';
}

/** Shape id -> name (schema properties end in `Fields`: `StorageConfigFields` beside the interface `StorageConfig`). */
export function nameSharedShapes(shapes: SharedShape[]): Map<string, string> {
  const candidates = new Map(shapes.map((s) => [s.id, new Candidates(s)]));
  const state = new Map(shapes.map((s) => [s.id, { level: 0, qualifier: 'both' as Qualifier }]));
  const nameOf = (id: string) => candidates.get(id)!.at(state.get(id)!.level, state.get(id)!.qualifier);
  for (;;) {
    const holders = new Map<string, string[]>();
    for (const id of candidates.keys()) holders.set(nameOf(id), [...(holders.get(nameOf(id)) ?? []), id]);
    const clashes = [...holders].filter(([name, ids]) => ids.length > 1 || RESERVED.has(name));
    if (clashes.length === 0) break;
    for (const [, ids] of clashes) {
      const qualifier = qualifierFor(ids.map((id) => candidates.get(id)!));
      for (const id of ids) {
        const s = state.get(id)!;
        if (s.level === LAST_LEVEL) throw new Error(`no unique name for the shared object ${nameOf(id)}`);
        s.level++;
        if (s.level === 3) s.qualifier = qualifier;
      }
    }
  }
  return new Map([...candidates.keys()].map((id) => [id, nameOf(id)]));
}

/** Where the object is used, as a comment: `// Used as StorageConfig by StartRecord (2022-06-01, 2023-11-01)`. */
export function describeUses(shape: SharedShape): string {
  const uses = [...shape.uses].sort(compareUses);
  const roles = [...new Set(uses.map((u) => u.path || (u.forResult ? 'Result' : 'Params')))];
  const actions = [...new Set(uses.map((u) => u.action))].map((action) => {
    const versions = [...new Set(uses.filter((u) => u.action === action).map((u) => u.version))];
    return `${action} (${versions.join(', ')})`;
  });
  const lines: string[] = [];
  let line = '//';
  for (const word of `Used as ${roles.join(', ')} by ${actions.join(', ')}`.split(' ')) {
    if (line.length + 1 + word.length > 120) {
      lines.push(line);
      line = '//';
    }
    line += ` ${word}`;
  }
  return [...lines, line].join('\n');
}
