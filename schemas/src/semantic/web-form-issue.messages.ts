import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import { words, type Words } from './subject.words.js';

/*
 * The web forms' own messages, in Russian and English; an unknown entity or field comes from
 * semantic-issue.messages.ts with `where` naming the web form.
 */

const q = words.quoted;

export const webFormWords = {
  form: (form: string): Words => ({ ru: `Веб-форма ${q(form).ru}`, en: `Web form ${q(form).en}` }),
};

export const webFormMessages = {
  duplicateForm: (form: string): LocalizedMessage => ({
    ru: `Веб-форма ${q(form).ru} описана дважды`,
    en: `Web form ${q(form).en} is defined twice`,
  }),
  duplicateField: (form: string, field: string): LocalizedMessage => ({
    ru: `Поле ${q(field).ru} в веб-форме ${q(form).ru} указано дважды`,
    en: `Field ${q(field).en} appears twice in web form ${q(form).en}`,
  }),
  notFillable: (form: string, entity: string, field: string, type: string): LocalizedMessage => ({
    ru: `Веб-форма ${q(form).ru}: поле ${q(field).ru} сущности ${q(entity).ru} (тип ${type}) посетитель сайта заполнить не может — подойдут текст, число, дата, email, телефон, ссылка, флажок или список`,
    en: `Web form ${q(form).en}: a site visitor cannot fill in field ${q(field).en} of entity ${q(entity).en} (type ${type}); text, number, date, email, phone, url, boolean or a list will do`,
  }),
  readOnlyField: (form: string, entity: string, field: string): LocalizedMessage => ({
    ru: `Веб-форма ${q(form).ru}: поле ${q(field).ru} сущности ${q(entity).ru} только для чтения`,
    en: `Web form ${q(form).en}: field ${q(field).en} of entity ${q(entity).en} is read-only`,
  }),
  requiredFieldMissing: (form: string, entity: string, field: string): LocalizedMessage => ({
    ru: `Веб-форма ${q(form).ru} не спрашивает обязательное поле ${q(field).ru} сущности ${q(entity).ru}, а значения по умолчанию у него нет — добавьте его в форму`,
    en: `Web form ${q(form).en} does not ask for field ${q(field).en}, which entity ${q(entity).en} requires and has no default for; add it to the form`,
  }),
  consentMissing: (form: string, field: string): LocalizedMessage => ({
    ru: `Веб-форма ${q(form).ru} собирает персональные данные (поле ${q(field).ru}) — добавьте согласие на их обработку (consent)`,
    en: `Web form ${q(form).en} collects personal data (field ${q(field).en}); add a consent to their processing`,
  }),
  consentTextRu: (form: string): LocalizedMessage => ({
    ru: `Веб-форма ${q(form).ru}: текст согласия на обработку персональных данных нужен на русском языке`,
    en: `Web form ${q(form).en}: the consent text needs its Russian wording (ru)`,
  }),
};
