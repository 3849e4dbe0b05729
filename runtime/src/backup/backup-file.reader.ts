import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { ErrorObject } from 'ajv';
import { BACKUP_FORMAT_VERSION, type BackupHeader } from './backup-file.types.js';
import { isBackupHeader } from './backup-file.schema.js';
import { RestoreRefusedError } from './restore-refused.error.js';
import { BackupFileDamagedError } from './backup-file-damaged.error.js';

/*
 * Reads a backup file line by line through gunzip, a chunk at a time: a large file is never held in
 * memory. A broken gzip stream (a cut or altered file fails its length or CRC check) ends the
 * iteration with BackupFileDamagedError.
 */

export async function* backupFileLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  let failure: unknown;
  const piped = pipeline(fs.createReadStream(file), gunzip).catch((error: unknown) => {
    failure = error;
  });
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      rest += decoder.write(chunk);
      let newline = rest.indexOf('\n');
      while (newline >= 0) {
        yield rest.slice(0, newline);
        rest = rest.slice(newline + 1);
        newline = rest.indexOf('\n');
      }
    }
  } catch (error) {
    failure ??= error;
  } finally {
    gunzip.destroy();
  }
  await piped;
  if (failure !== undefined) throw damaged(`the file cannot be read as gzip (${failure instanceof Error ? failure.message : String(failure)})`);
  rest += decoder.end();
  if (rest !== '') yield rest;
}

export function damaged(reason: string) {
  return BackupFileDamagedError.create(`The backup file is damaged: ${reason}. The database was not changed.`, [
    { code: 'BACKUP_FILE_DAMAGED', message: `The backup file is damaged: ${reason}.`, message_ru: `Файл резервной копии повреждён: ${reason}. База не изменена.` },
  ]);
}

function notABackup(reason: string) {
  return RestoreRefusedError.create(`This is not a backup this runtime can restore: ${reason}.`, [
    { code: 'NOT_A_BACKUP', message: reason, message_ru: `Это не резервная копия, которую можно восстановить: ${reason}.` },
  ]);
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? Object.getOwnPropertyDescriptor(value, key)?.value : undefined;
}

/** A control line as JSON; its shape is checked by the caller against the section it expects. */
export function parseControlLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw damaged('a line is not JSON');
  }
}

/** The first line, checked: the restore reads nothing else before it decides. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) throw notABackup(`there is no file ${file}`);
  let first: string | undefined;
  try {
    for await (const text of backupFileLines(file)) {
      first = text;
      break;
    }
  } catch {
    throw notABackup('the file is not gzip-compressed');
  }
  if (first === undefined) throw notABackup('the file is empty');
  let header: unknown;
  try {
    header = JSON.parse(first);
  } catch {
    throw notABackup('its first line is not JSON');
  }
  if (fieldOf(header, 'format') !== 'crm-backup' || fieldOf(header, 'section') !== 'header') {
    throw notABackup('it does not start with a crm-backup header');
  }
  const version = fieldOf(header, 'formatVersion');
  if (typeof version === 'number' && version > BACKUP_FORMAT_VERSION) {
    throw RestoreRefusedError.create(
      `The backup has format version ${version}, newer than this runtime understands (${BACKUP_FORMAT_VERSION}). Restore it with the version of the CRM that made it.`,
      [
        {
          code: 'NEWER_FORMAT',
          field: 'formatVersion',
          message: `Format version ${version} is newer than ${BACKUP_FORMAT_VERSION}.`,
          message_ru: `Формат копии (версия ${version}) новее, чем понимает эта версия CRM (${BACKUP_FORMAT_VERSION}). Восстановите её той версией, которой она сделана.`,
        },
      ],
    );
  }
  if (!isBackupHeader(header)) {
    throw notABackup(`its header is malformed (${ajvText(isBackupHeader.errors)})`);
  }
  return header;
}

export function ajvText(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}
