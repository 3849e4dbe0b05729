import { describe, expect, it } from 'vitest';
import type { TemplateTextTemplate } from '../../generated/definition.types.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateTemplate } from '../validation/app.validator.js';

function template(textTemplates: unknown[], webForms: unknown[] = []): unknown {
  const app = fullApp();
  return { name: 'full', label: { ru: 'Полный', en: 'Full' }, app: webForms.length > 0 ? { ...app, webForms } : app, textTemplates };
}

const offer: TemplateTextTemplate = {
  name: 'offer',
  kind: 'document',
  entity: 'deal',
  label: { ru: 'КП', en: 'Offer' },
  fileName: 'КП {{ record.title }}',
  body: '<h1>{{ record.title }}</h1><p>{{ record.company.name }}, {{ record.owner.name }}, {{ record.manager.email }}</p>{% for c in record.contacts %}{{ c.full_name }}{% endfor %}<p>{{ record.amount | money }} ({{ record.amount | words_ru }}), {{ record.contacts | size }}</p>',
};

function problems(input: unknown): Array<[string, string]> {
  const result = validateTemplate(input);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.pointer]);
}

describe('document and e-mail templates in an industry template', () => {
  it('accepts templates that read the entity, its many-to-one relations, people and the children in a loop', () => {
    // ACT
    const result = validateTemplate(template([offer, { name: 'offer_sent', kind: 'email', entity: 'deal', label: { ru: 'КП отправлено', en: 'Offer sent' }, subject: 'КП: {{ record.title }}', body: 'Добрый день!' }]));

    // ASSERT
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(result.ok && result.template.textTemplates?.map((t) => t.name)).toEqual(['offer', 'offer_sent']);
  });

  it('names an unknown entity, an unknown field at any level, a repeated name and an e-mail without a subject at their pointers', () => {
    // ARRANGE
    const broken = [
      { ...offer, body: '{{ record.amout }} {{ record.company.nmae }} {{ record.owner.phone }} {% for c in record.contacts %}{{ c.fullname }}{% endfor %}', fileName: '{{ record.titel }}' },
      { ...offer, entity: 'invoice' },
      { name: 'note', kind: 'email', entity: 'contact', label: { ru: 'Письмо', en: 'Mail' }, body: 'Hi {{ record.full_name }}' },
    ];

    // ACT
    const result = validateTemplate(template(broken));

    // ASSERT
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.pointer])).toEqual([
      ['UNKNOWN_FIELD', '/textTemplates/0/body'],
      ['UNKNOWN_FIELD', '/textTemplates/0/body'],
      ['UNKNOWN_FIELD', '/textTemplates/0/body'],
      ['UNKNOWN_FIELD', '/textTemplates/0/body'],
      ['UNKNOWN_FIELD', '/textTemplates/0/fileName'],
      ['DUPLICATE_NAME', '/textTemplates/1/name'],
      ['UNKNOWN_ENTITY', '/textTemplates/1/entity'],
      ['REQUIRED', '/textTemplates/2/subject'],
    ]);
    const messages = result.ok ? [] : result.issues.map((i) => i.message.en);
    expect(messages[0]).toBe('Document or e-mail template "offer" refers to field "amout", which entity "deal" does not have');
    expect(messages[1]).toContain('field "nmae", which entity "company"');
    expect(messages[3]).toContain('field "fullname", which entity "contact"');
  });

  it('refuses a template of the wrong shape (kind, name, missing label language) by its JSON Schema', () => {
    // ACT
    const found = problems(template([{ ...offer, kind: 'letter', name: 'Offer', label: { ru: 'КП' } }]));

    // ASSERT
    expect(found.map(([, pointer]) => pointer)).toEqual(expect.arrayContaining(['/textTemplates/0/kind', '/textTemplates/0/name', '/textTemplates/0/label']));
  });

  it('numbers documents only, with a format that has one counter and known tokens', () => {
    // ARRANGE
    const numbered = [
      { ...offer, numbering: { format: 'КП-{yyyy}-{n:0000}', sequence: 'offers', reset: 'yearly' } },
      { ...offer, name: 'offer_b', numbering: { format: 'КП-{yyyy}' } },
      { ...offer, name: 'offer_c', numbering: { format: '{n}-{dd}' } },
      { name: 'note', kind: 'email', entity: 'deal', label: { ru: 'Письмо', en: 'Mail' }, subject: 'Hi', body: 'Hi', numbering: { format: '{n}' } },
    ];

    // ACT
    const result = validateTemplate(template(numbered));

    // ASSERT
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.pointer])).toEqual([
      ['INVALID_NUMBER_FORMAT', '/textTemplates/1/numbering/format'],
      ['INVALID_NUMBER_FORMAT', '/textTemplates/2/numbering/format'],
      ['NUMBERING_NOT_DOCUMENT', '/textTemplates/3/numbering'],
    ]);
    expect(result.ok ? '' : result.issues[0]?.message.en).toContain('needs the counter {n}');
  });

  it('checks the web forms it ships in app.webForms with the app rules: a field the entity lacks', () => {
    // ARRANGE
    const form = { name: 'site_request', label: { ru: 'Заявка', en: 'Request' }, entity: 'contact', fields: [{ field: 'full_name' }, { field: 'nickname' }], thankYou: { ru: 'Спасибо', en: 'Thanks' } };

    // ACT
    const found = problems(template([], [form]));

    // ASSERT
    expect(found).toEqual([['UNKNOWN_FIELD', '/app/webForms/0/fields/1/field']]);
  });
});
