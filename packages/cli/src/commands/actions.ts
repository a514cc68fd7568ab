import { actionNames, actionVersions, getActionSpec, latestVersion, type ActionArea } from '@rtc-openapi/api';
import type { Command } from 'commander';
import { formatOptions, outputFormat, printJson, type FormatFlags } from '../output/output-format.js';
import { CliUsageError, reportError } from '../output/report-error.js';
import { renderTable } from '../output/render-table.js';
import { writeStdout } from '../output/write-stdout.js';

interface ActionsFlags extends FormatFlags {
  area?: string;
}

export interface ActionSummary {
  action: string;
  area: ActionArea;
  versions: readonly string[];
  latestVersion: string;
  method: string;
  paramsIn: string;
  qps: number;
  qpsSource: string;
  rateGroup: string;
}

export function registerActionsCommand(program: Command): void {
  const command = program
    .command('actions')
    .description('list the catalogued actions')
    .option('--area <area>', 'only the actions of one area, e.g. recording, messaging');
  for (const option of formatOptions) command.addOption(option);
  command.action((flags: ActionsFlags) => {
    try {
      listActions(flags);
    } catch (error) {
      reportError(error);
    }
  });
}

export function actionSummaries(): ActionSummary[] {
  return actionNames.map((action) => {
    const version = latestVersion(action)!;
    const spec = getActionSpec(action, version)!;
    return {
      action,
      area: spec.area,
      versions: actionVersions(action),
      latestVersion: version,
      method: spec.method,
      paramsIn: spec.paramsIn,
      qps: spec.qps,
      qpsSource: spec.qpsSource,
      rateGroup: spec.rateGroup,
    };
  });
}

function listActions(flags: ActionsFlags): void {
  let summaries = actionSummaries();
  if (flags.area !== undefined) {
    const areas = [...new Set(summaries.map((s) => s.area))].sort();
    if (!areas.includes(flags.area as ActionArea)) {
      throw new CliUsageError(`--area ${flags.area}: unknown area; areas: ${areas.join(', ')}`);
    }
    summaries = summaries.filter((s) => s.area === flags.area);
  }
  if (outputFormat(flags) === 'json') {
    printJson(summaries);
    return;
  }
  writeStdout(
    renderTable(
      ['ACTION', 'AREA', 'METHOD', 'QPS', 'VERSIONS'],
      summaries.map((s) => [
        s.action,
        s.area,
        s.method,
        s.qpsSource === 'documented' ? String(s.qps) : `${s.qps} (default)`,
        s.versions.join(', '),
      ]),
    ),
  );
}
