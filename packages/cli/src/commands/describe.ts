import { actionVersions, getActionSpec, latestVersion } from '@rtc-openapi/api';
import type { Command } from 'commander';
import { paramRows } from '../catalog/param-rows.js';
import type { SchemaNode } from '../catalog/schema-node.js';
import { formatOptions, outputFormat, printJson, type FormatFlags } from '../output/output-format.js';
import { CliUsageError, reportError } from '../output/report-error.js';
import { renderFields, renderTable } from '../output/render-table.js';
import { writeStdout } from '../output/write-stdout.js';

interface DescribeFlags extends FormatFlags {
  version?: string;
}

export function registerDescribeCommand(program: Command): void {
  const command = program
    .command('describe')
    .description("show an action's method, QPS and params")
    .argument('<Action>', 'action name, e.g. StartRecord')
    .option('--version <version>', 'action version (default: the newest catalogued)');
  for (const option of formatOptions) command.addOption(option);
  command.action((action: string, flags: DescribeFlags) => {
    try {
      describeAction(action, flags);
    } catch (error) {
      reportError(error);
    }
  });
}

function describeAction(action: string, flags: DescribeFlags): void {
  const version = flags.version ?? latestVersion(action);
  if (version === undefined) throw new CliUsageError(`${action} is not a catalogued action (see: rtc-openapi actions)`);
  const spec = getActionSpec(action, version);
  if (spec === undefined) {
    throw new CliUsageError(`${action} has no version ${version}; catalogued: ${actionVersions(action).join(', ')}`);
  }
  const params = paramRows(spec.params as SchemaNode);
  if (outputFormat(flags) === 'json') {
    printJson({
      action: spec.action,
      version: spec.version,
      versions: actionVersions(action),
      area: spec.area,
      method: spec.method,
      paramsIn: spec.paramsIn,
      qps: spec.qps,
      qpsSource: spec.qpsSource,
      rateGroup: spec.rateGroup,
      idFields: spec.idFields,
      source: spec.source,
      params,
    });
    return;
  }
  writeStdout(
    renderFields([
      ['action', `${spec.action} ${spec.version}`],
      ['versions', actionVersions(action).join(', ')],
      ['area', spec.area],
      ['method', `${spec.method} (params in the ${spec.paramsIn === 'query' ? 'query string' : 'JSON body'})`],
      ['QPS', `${spec.qps} ${spec.qpsSource === 'documented' ? '(documented)' : '(default; not documented)'}`],
      ['rate group', spec.rateGroup],
      ['source', spec.source],
    ]),
  );
  writeStdout('\n');
  if (params.length === 0) {
    writeStdout('no params\n');
    return;
  }
  writeStdout(
    renderTable(
      ['PARAM', 'TYPE', 'REQUIRED', 'CONSTRAINTS', 'DESCRIPTION'],
      params.map((p) => [p.field, p.type, p.required ? 'yes' : '', p.constraints, p.description]),
    ),
  );
}
