import type { StepText } from './plan-step.types.js';

/*
 * What the publish dialog says about each step, in Russian and English. Names are the ones the
 * analyst wrote (entity and field names), never table or index names.
 */

const q = (name: string): { en: string; ru: string } => ({ en: `"${name}"`, ru: `«${name}»` });

export const describeStep = {
  createEntity(entity: string): StepText {
    return { en: `Create entity ${q(entity).en} (a new table)`, ru: `Создать сущность ${q(entity).ru} (новая таблица)` };
  },
  restoreEntity(entity: string, version: number): StepText {
    return {
      en: `Restore entity ${q(entity).en} with its records, archived at version ${version}`,
      ru: `Восстановить сущность ${q(entity).ru} с записями из архива версии ${version}`,
    };
  },
  dropEntity(entity: string): StepText {
    return {
      en: `Remove entity ${q(entity).en}; its records are archived and come back if it is restored`,
      ru: `Удалить сущность ${q(entity).ru}; записи уходят в архив и вернутся при восстановлении`,
    };
  },
  renameEntity(from: string, to: string): StepText {
    return { en: `Rename entity ${q(from).en} to ${q(to).en}`, ru: `Переименовать сущность ${q(from).ru} в ${q(to).ru}` };
  },
  addField(entity: string, field: string, type: string): StepText {
    return {
      en: `Add field ${q(field).en} (${type}) to ${q(entity).en}`,
      ru: `Добавить поле ${q(field).ru} (${type}) в ${q(entity).ru}`,
    };
  },
  restoreField(entity: string, field: string, version: number): StepText {
    return {
      en: `Restore field ${q(field).en} of ${q(entity).en} with its values, archived at version ${version}`,
      ru: `Восстановить поле ${q(field).ru} сущности ${q(entity).ru} со значениями из архива версии ${version}`,
    };
  },
  dropField(entity: string, field: string): StepText {
    return {
      en: `Remove field ${q(field).en} of ${q(entity).en}; its values are archived and come back if it is restored`,
      ru: `Удалить поле ${q(field).ru} сущности ${q(entity).ru}; значения уходят в архив и вернутся при восстановлении`,
    };
  },
  renameField(entity: string, from: string, to: string): StepText {
    return {
      en: `Rename field ${q(from).en} of ${q(entity).en} to ${q(to).en}; values are kept`,
      ru: `Переименовать поле ${q(from).ru} сущности ${q(entity).ru} в ${q(to).ru}; значения сохраняются`,
    };
  },
  parkField(entity: string, field: string): StepText {
    return {
      en: `Move field ${q(field).en} of ${q(entity).en} aside for a name swap`,
      ru: `Временно переименовать поле ${q(field).ru} сущности ${q(entity).ru} для обмена именами`,
    };
  },
  parkEntity(entity: string): StepText {
    return { en: `Move entity ${q(entity).en} aside for a name swap`, ru: `Временно переименовать сущность ${q(entity).ru} для обмена именами` };
  },
  changeType(entity: string, field: string, from: string, to: string): StepText {
    return {
      en: `Change the type of ${q(`${entity}.${field}`).en} from ${from} to ${to}, converting its values`,
      ru: `Изменить тип поля ${q(`${entity}.${field}`).ru} с ${from} на ${to} с преобразованием значений`,
    };
  },
  checkOptions(entity: string, field: string, removed: readonly string[]): StepText {
    const list = removed.map((v) => `"${v}"`).join(', ');
    return {
      en: `Remove options ${list} of ${q(`${entity}.${field}`).en} (refused while records still use them)`,
      ru: `Убрать варианты ${list} поля ${q(`${entity}.${field}`).ru} (невозможно, пока они есть в записях)`,
    };
  },
  addLink(entity: string, field: string, target: string): StepText {
    return {
      en: `Add many-to-many field ${q(field).en} linking ${q(entity).en} to ${q(target).en} (a link table)`,
      ru: `Добавить связь многие-ко-многим ${q(field).ru} между ${q(entity).ru} и ${q(target).ru} (таблица связей)`,
    };
  },
  restoreLink(entity: string, field: string, version: number): StepText {
    return {
      en: `Restore the links of ${q(`${entity}.${field}`).en}, archived at version ${version}`,
      ru: `Восстановить связи ${q(`${entity}.${field}`).ru} из архива версии ${version}`,
    };
  },
  dropLink(entity: string, field: string): StepText {
    return {
      en: `Remove many-to-many field ${q(field).en} of ${q(entity).en}; its links are archived`,
      ru: `Удалить связь многие-ко-многим ${q(field).ru} сущности ${q(entity).ru}; связи уходят в архив`,
    };
  },
  requireField(entity: string, field: string): StepText {
    return {
      en: `Make ${q(`${entity}.${field}`).en} required (refused while records have no value)`,
      ru: `Сделать поле ${q(`${entity}.${field}`).ru} обязательным (невозможно, пока есть записи без значения)`,
    };
  },
  addIndex(entity: string, field: string, unique: boolean): StepText {
    return unique
      ? {
          en: `Make ${q(`${entity}.${field}`).en} unique (refused while records share a value)`,
          ru: `Сделать поле ${q(`${entity}.${field}`).ru} уникальным (невозможно, пока есть повторы)`,
        }
      : { en: `Index ${q(`${entity}.${field}`).en} for faster filters`, ru: `Проиндексировать поле ${q(`${entity}.${field}`).ru}` };
  },
  dropIndex(entity: string, field: string, unique: boolean): StepText {
    return unique
      ? { en: `Stop enforcing unique values of ${q(`${entity}.${field}`).en}`, ru: `Снять уникальность поля ${q(`${entity}.${field}`).ru}` }
      : { en: `Remove the index of ${q(`${entity}.${field}`).en}`, ru: `Удалить индекс поля ${q(`${entity}.${field}`).ru}` };
  },
  dropSearch(entity: string): StepText {
    return {
      en: `Take down full-text search of ${q(entity).en} to rebuild it`,
      ru: `Отключить полнотекстовый поиск по ${q(entity).ru} для перестройки`,
    };
  },
  addSearch(entity: string, fields: readonly string[]): StepText {
    const list = fields.length > 0 ? fields.join(', ') : '—';
    return {
      en: `Build full-text search of ${q(entity).en} over: ${list}`,
      ru: `Построить полнотекстовый поиск по ${q(entity).ru} по полям: ${list}`,
    };
  },
};
