import { describe, expect, it } from 'vitest';
import { entityNamed, fullApp, mainProcess } from '../testing/full-app.fixture.js';
import { issuesAfter, nodeOf, pipelineOf, codesAndPointers } from '../testing/semantic-issues.fixture.js';
import { validateApp } from '../validation/app.validator.js';

describe('validateApp', () => {
  it('accepts a valid app with every field type, trigger type and node type', () => {
    // ARRANGE
    const app = fullApp();

    // ACT
    const result = validateApp(app);

    // ASSERT
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(result).toEqual({ ok: true, app });
  });

  it('checks the shape first and stops there', () => {
    // ACT
    const result = validateApp({ name: 'crm', entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'a', type: 'text' }, { name: 'a', type: 'nope' }] }] });

    // ASSERT
    expect(result.ok ? [] : codesAndPointers(result.issues)).toEqual([['UNKNOWN_TYPE', '/entities/0/fields/1']]);
  });
});

describe('names are unique', () => {
  it('entities', () => {
    const issues = issuesAfter((app) => app.entities.push({ ...entityNamed(app, 'company') }));
    expect(codesAndPointers(issues)).toEqual([['DUPLICATE_NAME', '/entities/3/name']]);
    expect(issues[0]?.message).toEqual({ ru: 'Сущность «company» описана дважды', en: 'Entity "company" is defined twice' });
  });

  it('fields within an entity', () => {
    const issues = issuesAfter((app) => entityNamed(app, 'deal').fields.push({ name: 'amount', type: 'number' }));
    expect(issues).toEqual([
      {
        code: 'DUPLICATE_NAME',
        pointer: '/entities/2/fields/20/name',
        message: { ru: 'Поле «amount» в сущности «deal» указано дважды', en: 'Field "amount" appears twice in entity "deal"' },
      },
    ]);
  });

  it('fields do not take system field names', () => {
    const issues = issuesAfter((app) => entityNamed(app, 'deal').fields.push({ name: 'created_at', type: 'datetime' }));
    expect(codesAndPointers(issues)).toEqual([['RESERVED_FIELD_NAME', '/entities/2/fields/20/name']]);
    expect(issues[0]?.message.en).toContain('Field "created_at" of entity "deal" clashes with a system field');
  });

  it('pipelines, and stages within a pipeline', () => {
    const issues = issuesAfter((app) => {
      const pipeline = pipelineOf(app);
      pipeline.stages.push({ name: 'won' });
      app.pipelines?.push({ ...pipeline, stages: [{ name: 'only' }], field: 'source' });
    });
    expect(codesAndPointers(issues)).toContainEqual(['DUPLICATE_NAME', '/pipelines/0/stages/4/name']);
    expect(codesAndPointers(issues)).toContainEqual(['DUPLICATE_NAME', '/pipelines/1/name']);
  });

  it('roles, processes, views and forms', () => {
    const issues = issuesAfter((app) => {
      app.roles?.push({ name: 'admin' });
      app.processes?.push({ ...mainProcess(app) });
      app.views?.push({ name: 'open_deals', entity: 'deal' });
      app.forms?.push({ name: 'deal_form', entity: 'deal', sections: [{ fields: [{ field: 'title' }] }] });
    });
    expect(codesAndPointers(issues).filter(([code]) => code === 'DUPLICATE_NAME')).toEqual([
      ['DUPLICATE_NAME', '/roles/3/name'],
      ['DUPLICATE_NAME', '/processes/6/name'],
      ['DUPLICATE_NAME', '/views/3/name'],
      ['DUPLICATE_NAME', '/forms/1/name'],
    ]);
  });

  it('node ids within a process, and "trigger" is not a node id', () => {
    const issues = issuesAfter((app) => {
      const nodes = mainProcess(app).nodes;
      nodes.push({ id: 'done', type: 'end' }, { id: 'trigger', type: 'end' });
    });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'DUPLICATE_NODE_ID', pointer: '/processes/0/nodes/18/id', nodeId: 'done', process: 'big_deal' }));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'RESERVED_NODE_ID', pointer: '/processes/0/nodes/19/id', nodeId: 'trigger' }));
  });

  it('webhook names across processes', () => {
    const issues = issuesAfter((app) => {
      app.processes?.push({ name: 'second_hook', trigger: { type: 'webhook', name: 'new-lead' }, nodes: [{ id: 'stop', type: 'end' }], edges: [{ from: 'trigger', to: 'stop' }] });
    });
    expect(issues).toEqual([expect.objectContaining({ code: 'DUPLICATE_NAME', pointer: '/processes/6/trigger/name', process: 'second_hook' })]);
  });
});

describe('entity references resolve', () => {
  it('a relation target exists', () => {
    const issues = issuesAfter((app) => {
      const field = entityNamed(app, 'deal').fields[15];
      if (field?.type === 'relation') field.target = 'firm';
    });
    expect(issues).toEqual([
      {
        code: 'UNKNOWN_ENTITY',
        pointer: '/entities/2/fields/15/target',
        message: { ru: 'Поле «company» сущности «deal» ссылается на сущность «firm», которой нет', en: 'Field "company" of entity "deal" refers to entity "firm", which does not exist' },
      },
    ]);
  });

  it('a one-to-many relation names a many-to-one inverse on the target pointing back', () => {
    const missing = issuesAfter((app) => {
      const field = entityNamed(app, 'company').fields[3];
      if (field?.type === 'relation') delete field.inverse;
    });
    const unknown = issuesAfter((app) => {
      const field = entityNamed(app, 'company').fields[3];
      if (field?.type === 'relation') field.inverse = 'firm';
    });
    const wrong = issuesAfter((app) => {
      const field = entityNamed(app, 'company').fields[3];
      if (field?.type === 'relation') field.inverse = 'contacts';
    });
    expect(codesAndPointers(missing)).toEqual([['MISSING_INVERSE', '/entities/0/fields/3']]);
    expect(codesAndPointers(unknown)).toEqual([['UNKNOWN_FIELD', '/entities/0/fields/3/inverse']]);
    expect(codesAndPointers(wrong)).toEqual([['INVALID_INVERSE', '/entities/0/fields/3/inverse']]);
  });

  it('display and search fields exist, and search fields are text-like', () => {
    const issues = issuesAfter((app) => {
      const deal = entityNamed(app, 'deal');
      deal.display = 'name';
      deal.search = ['title', 'summary', 'amount'];
    });
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_FIELD', '/entities/2/display'],
      ['UNKNOWN_FIELD', '/entities/2/search/1'],
      ['WRONG_FIELD_TYPE', '/entities/2/search/2'],
    ]);
  });

  it('an enum has options or a pipeline, and its default is one of them', () => {
    const issues = issuesAfter((app) => {
      const deal = entityNamed(app, 'deal');
      deal.fields.push({ name: 'region', type: 'enum' });
      const source = deal.fields[13];
      if (source?.type === 'enum') source.default = 'tv';
    });
    expect(codesAndPointers(issues)).toEqual([
      ['INVALID_DEFAULT', '/entities/2/fields/13/default'],
      ['ENUM_WITHOUT_OPTIONS', '/entities/2/fields/20'],
    ]);
  });
});

describe('field options', () => {
  it('a text pattern is a valid (unicode) regular expression', () => {
    const issues = issuesAfter((app) => entityNamed(app, 'company').fields.push({ name: 'inn', type: 'text', pattern: '^\\d{10}\\-$' }));
    expect(codesAndPointers(issues)).toEqual([['INVALID_PATTERN', '/entities/0/fields/5/pattern']]);
  });
});

describe('pipelines resolve', () => {
  it('the entity exists', () => {
    const issues = issuesAfter((app) => (pipelineOf(app).entity = 'lead'));
    expect(codesAndPointers(issues)).toContainEqual(['UNKNOWN_ENTITY', '/pipelines/0/entity']);
  });

  it('the field exists and is an enum', () => {
    const unknown = issuesAfter((app) => (pipelineOf(app).field = 'phase'));
    const notEnum = issuesAfter((app) => (pipelineOf(app).field = 'title'));
    expect(codesAndPointers(unknown)).toContainEqual(['UNKNOWN_FIELD', '/pipelines/0/field']);
    expect(codesAndPointers(notEnum)).toContainEqual(['WRONG_FIELD_TYPE', '/pipelines/0/field']);
  });

  it('enum options, when listed, are the stage names', () => {
    const issues = issuesAfter((app) => {
      const stage = entityNamed(app, 'deal').fields[12];
      if (stage?.type === 'enum') stage.options = [{ value: 'new' }, { value: 'qualified' }, { value: 'won' }, { value: 'archived' }];
    });
    expect(issues).toEqual([
      {
        code: 'STAGE_OPTIONS_MISMATCH',
        pointer: '/pipelines/0/stages',
        message: {
          ru: 'Варианты поля «stage» сущности «deal» должны совпадать с этапами воронки «sales»; нет вариантов для этапов: «lost»; лишние варианты: «archived»',
          en: 'The options of field "stage" of entity "deal" must equal the stages of pipeline "sales"; no option for stages "lost"; options that are not stages: "archived"',
        },
      },
    ]);
  });

  it('one pipeline per field', () => {
    const issues = issuesAfter((app) => app.pipelines?.push({ name: 'second', entity: 'deal', field: 'stage', stages: [{ name: 'new' }, { name: 'qualified' }, { name: 'won' }, { name: 'lost' }] }));
    expect(codesAndPointers(issues)).toEqual([['PIPELINE_FIELD_TAKEN', '/pipelines/1/field']]);
  });

  it('required fields and transitions resolve', () => {
    const issues = issuesAfter((app) => {
      const [first, second] = pipelineOf(app).stages;
      first?.transitions?.push('closed');
      second?.requiredFields?.push('budget');
    });
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_STAGE', '/pipelines/0/stages/0/transitions/2'],
      ['UNKNOWN_FIELD', '/pipelines/0/stages/1/requiredFields/2'],
    ]);
  });
});

describe('roles resolve', () => {
  it('entity and field keys exist; sharing rules name existing entities', () => {
    const issues = issuesAfter((app) => {
      const [, manager, head] = app.roles ?? [];
      if (!manager || !head) return;
      manager.entities = { ...manager.entities, invoice: { read: 'all' } };
      manager.fields = { deal: { budget: 'read' }, invoice: { total: 'hidden' } };
      const rule = head.sharing?.[0];
      if (rule) rule.entity = 'lead';
    });
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_ENTITY', '/roles/1/entities/invoice'],
      ['UNKNOWN_FIELD', '/roles/1/fields/deal/budget'],
      ['UNKNOWN_ENTITY', '/roles/1/fields/invoice'],
      ['UNKNOWN_ENTITY', '/roles/2/sharing/0/entity'],
    ]);
  });
});

describe('views and forms resolve', () => {
  it('view entity, columns, sort, pipeline, grouping, dates and roles', () => {
    const issues = issuesAfter((app) => {
      const [list, board, calendar] = app.views ?? [];
      if (!list || !board || !calendar) return;
      list.columns = ['title', 'budget', 'company.country', 'title.length'];
      list.sort = [{ field: 'rank' }];
      list.roles = ['guest'];
      delete board.pipeline;
      board.groupBy = 'title';
      calendar.dateField = 'amount';
      app.views?.push({ name: 'leads', entity: 'lead' }, { name: 'company_board', entity: 'company', kind: 'kanban', pipeline: 'sales' }, { name: 'no_dates', entity: 'deal', kind: 'calendar' });
    });
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_FIELD', '/views/0/columns/1'],
      ['UNKNOWN_FIELD', '/views/0/columns/2'],
      ['NOT_TRAVERSABLE', '/views/0/columns/3'],
      ['UNKNOWN_FIELD', '/views/0/sort/0/field'],
      ['UNKNOWN_ROLE', '/views/0/roles/0'],
      ['WRONG_FIELD_TYPE', '/views/1/groupBy'],
      ['WRONG_FIELD_TYPE', '/views/2/dateField'],
      ['UNKNOWN_ENTITY', '/views/3/entity'],
      ['PIPELINE_ENTITY_MISMATCH', '/views/4/pipeline'],
      ['MISSING_CONFIG', '/views/5'],
    ]);
  });

  it('form entity and fields exist, each field once', () => {
    const issues = issuesAfter((app) => {
      const form = app.forms?.[0];
      form?.sections[0]?.fields.push({ field: 'budget' }, { field: 'title' });
      app.forms?.push({ name: 'lead_form', entity: 'lead', sections: [{ fields: [{ field: 'title' }] }] });
    });
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_FIELD', '/forms/0/sections/0/fields/4/field'],
      ['DUPLICATE_NAME', '/forms/0/sections/0/fields/5/field'],
      ['UNKNOWN_ENTITY', '/forms/1/entity'],
    ]);
  });
});

describe('conditions type-check against their entity', () => {
  it('reports condition problems with pointers into the app, wherever the condition lives', () => {
    const issues = issuesAfter((app) => {
      const view = app.views?.[0];
      if (view) view.filter = { field: 'budget', op: 'gt', value: 1 };
      nodeOf(app, 'is_big', 'condition').config.condition = { field: 'amount', op: 'gt', value: 'много' };
      const rule = app.roles?.[2]?.sharing?.[0];
      if (rule) rule.condition = { field: 'amount', op: 'changed' };
      const item = app.forms?.[0]?.sections[1]?.fields[0];
      if (item) item.requiredWhen = { field: 'signed_on', op: 'isEmpty' };
    });
    const conditionIssues = issues.filter((i) => i.code.startsWith('CONDITION_'));
    const where = ['/roles/2/sharing/0/condition', '/processes/0/nodes/0/config/condition', '/views/0/filter', '/forms/0/sections/1/fields/0/requiredWhen'];
    expect(where.map((prefix) => conditionIssues.some((i) => i.pointer.startsWith(prefix)))).toEqual([true, true, true, true]);
    expect(conditionIssues.every((i) => where.some((prefix) => i.pointer.startsWith(prefix)))).toBe(true);
    expect(conditionIssues.find((i) => i.pointer.startsWith('/processes/'))).toMatchObject({ nodeId: 'is_big', process: 'big_deal' });
    for (const found of conditionIssues) {
      expect(found.message.en.length).toBeGreaterThan(0);
      expect(found.message.ru.length).toBeGreaterThan(0);
    }
  });

  it('allows changed / changedTo in a record trigger only', () => {
    // ARRANGE
    const app = fullApp();

    // ACT / ASSERT (the fixture's record trigger uses "changed")
    expect(validateApp(app).ok).toBe(true);
  });
});
