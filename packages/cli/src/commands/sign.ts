import { readFileSync } from 'node:fs';
import { parseRfc3339 } from '@rtc-openapi/api';
import { DEFAULT_REGION } from '@rtc-openapi/client';
import { parseXDate, signRequest, type SignOptions } from '@rtc-openapi/signer';
import type { Command } from 'commander';
import { credentialOptions, resolveCredentials, type CredentialFlags } from '../credentials/resolve-credentials.js';
import { formatOptions, outputFormat, printJson, type FormatFlags } from '../output/output-format.js';
import { CliUsageError, reportError } from '../output/report-error.js';
import { renderFields } from '../output/render-table.js';
import { writeStdout } from '../output/write-stdout.js';

interface SignFlags extends CredentialFlags, FormatFlags {
  method: string;
  url: string;
  header: string[];
  body?: string;
  bodyFile?: string;
  date?: string;
  service: string;
  signedHeaders?: string;
}

export function registerSignCommand(program: Command): void {
  const command = program
    .command('sign')
    .description(
      'sign a request and print its canonical request, string to sign and signature (to chase SignatureDoesNotMatch)',
    )
    .requiredOption(
      '--url <url>',
      'the full URL with its query, e.g. https://rtc.volcengineapi.com/?Action=ListApps&Version=2023-11-01',
    )
    .option('--method <method>', 'HTTP method', 'GET')
    .option(
      '--header <name:value>',
      'a header sent with the request; repeat for more (Host comes from --url)',
      collect,
      [],
    )
    .option('--body <text>', 'the exact body')
    .option('--body-file <file>', 'read the exact body bytes from a file, or - for stdin')
    .option(
      '--date <date>',
      'signing time: X-Date (20240101T000000Z) or ISO 8601 with a zone (2024-01-01T08:00:00+08:00) (default now)',
    )
    .option('--service <service>', 'signing service', 'rtc')
    .option('--signed-headers <list>', 'header names to sign, ;-separated (default as the SDKs do)');
  for (const option of [...credentialOptions.filter((o) => o.long !== '--endpoint'), ...formatOptions]) {
    command.addOption(option);
  }
  command
    .addHelpText(
      'after',
      '\nCompare the canonical request printed here with the one the server computed: the first line that differs ' +
        'names the culprit (query encoding, a header value, the body hash).',
    )
    .action((flags: SignFlags) => {
      try {
        sign(flags);
      } catch (error) {
        reportError(error);
      }
    });
}

function sign(flags: SignFlags): void {
  let url: URL;
  try {
    url = new URL(flags.url);
  } catch {
    throw new CliUsageError(`--url ${flags.url}: not an absolute URL`);
  }
  if (flags.body !== undefined && flags.bodyFile !== undefined) {
    throw new CliUsageError('--body and --body-file: give one of them');
  }
  const headers: Record<string, string> = { host: url.host };
  for (const header of flags.header) {
    const at = header.indexOf(':');
    if (at <= 0) throw new CliUsageError(`--header ${header}: expected Name: value`);
    headers[header.slice(0, at).trim().toLowerCase()] = header.slice(at + 1).trim();
  }
  const body = flags.bodyFile !== undefined ? readBody(flags.bodyFile) : flags.body;
  const credentials = resolveCredentials(flags);
  const options: SignOptions = { region: credentials.region ?? DEFAULT_REGION, service: flags.service };
  if (flags.date !== undefined) options.date = parseDate(flags.date);
  if (flags.signedHeaders !== undefined) {
    options.signedHeaders = flags.signedHeaders
      .split(';')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
  }
  const signed = signRequest(
    {
      method: flags.method.toUpperCase(),
      path: url.pathname,
      query: [...url.searchParams],
      headers,
      ...(body === undefined ? {} : { body }),
    },
    {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    options,
  );
  const output = {
    canonicalRequest: signed.canonicalRequest,
    stringToSign: signed.stringToSign,
    signature: signed.signature,
    authorization: signed.authorization,
    signedHeaders: signed.signedHeaders,
    credentialScope: signed.credentialScope,
    xDate: signed.xDate,
    url: `${url.origin}${url.pathname}?${signed.queryString}`,
    headers: signed.headers,
  };
  if (outputFormat(flags) === 'json') {
    printJson(output);
    return;
  }
  const section = (title: string, text: string): string => `${title}\n${'-'.repeat(title.length)}\n${text}\n\n`;
  writeStdout(
    section('canonical request', signed.canonicalRequest) +
      section('string to sign', signed.stringToSign) +
      renderFields([
        ['signature', signed.signature],
        ['signed headers', signed.signedHeaders],
        ['credential scope', signed.credentialScope],
        ['url', output.url],
      ]) +
      '\n' +
      section(
        'headers to send',
        Object.entries(signed.headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join('\n'),
      ),
  );
}

function readBody(source: string): Uint8Array {
  try {
    return readFileSync(source === '-' ? 0 : source);
  } catch (error) {
    throw new CliUsageError(`--body-file ${source}: ${(error as Error).message}`);
  }
}

function parseDate(text: string): Date {
  // X-Date form (20240101T000000Z): the signer's own reader, which refuses impossible dates (month 13, hour 25...).
  if (/^\d{8}T\d{6}Z$/.test(text)) {
    const ms = parseXDate(text);
    if (ms === undefined) throw new CliUsageError(`--date ${text}: not a real date and time (YYYYMMDDTHHMMSSZ, UTC)`);
    return new Date(ms);
  }
  // Strict RFC 3339 with a zone, real dates only: `new Date()` would read "1" as 2001 and roll 2024-02-30 into March.
  const ms = parseRfc3339(text);
  if (ms === undefined) {
    throw new CliUsageError(
      `--date ${text}: expected a real date and time as 20240101T000000Z or 2024-01-01T08:00:00+08:00 (or Z)`,
    );
  }
  return new Date(ms);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
