/*
 * How node configs and conditions name values: the part of the reference that is a convention of
 * the engine's value resolver (engine/src/values/value.resolver.ts) and of the condition language
 * (schemas/src/condition/README.md) rather than a schema. Kept beside the generator so the
 * reference stays one generated file.
 */

export const VALUE_REFERENCE_SECTION: readonly string[] = [
  '## Values and references',
  '',
  'Any value in a node\'s config may be a literal, a reference or a template:',
  '',
  '| form | example | gives |',
  '|---|---|---|',
  '| reference | `{"$ref": "record.amount"}` | the value at the path, with its type (a number stays a number); `null` when the path leads nowhere |',
  '| whole template | `"{{steps.fetch.body.id}}"` | the same as a reference |',
  '| text template | `"Сделка {{record.title}} на {{record.amount}}"` | text, each `{{path}}` printed (objects as JSON, nothing for `null`) |',
  '',
  'Paths start at one of these roots:',
  '',
  '| root | what it is | available |',
  '|---|---|---|',
  '| `record.<field>` | the record the run is about, as it is now; many-to-one relations may be followed in conditions (`record.company.city`) | processes whose trigger has a record (record, stage, date, manual on an entity) |',
  '| `trigger.<key>` | what started the run; see each trigger\'s payload below (`trigger.body.email`, `trigger.before.amount`) | always |',
  '| `steps.<nodeId>.<key>` | the output of an earlier step; see each node type\'s output below | after that node (an ancestor in the graph) |',
  '| `steps.<loopId>.item.<field>` | the current item (a record of the relation\'s entity) of a loop, with `index` and `count` beside it | inside that loop\'s `each` branch |',
  '| `$user.<attr>` | the person who caused the run: `id`, `email`, `name`, `roles`, `team`, `manager`, custom attributes | runs caused by a person (empty otherwise) |',
  '| `$now` | the time of the step (ISO 8601) | always |',
  '| `$run.id`, `$run.process`, `$run.token` | this run, for keys and links | always |',
  '',
  'Conditions (the condition node, switch cases, wait-until) use the same roots as `field`:',
  '`{"field": "steps.call_erp.status", "op": "eq", "value": 200}`. A bare field name (`"amount"`)',
  'is the record\'s field. The subject\'s type decides the operators (see "Condition operators" below).',
  'Publish refuses a condition whose subject cannot exist at that node (a `record.` path in a webhook',
  'process, `steps.x` where `x` is not an earlier step of this node, a loop\'s `item` outside its `each`',
  'branch) and names the node (`CONDITION_SUBJECT_UNAVAILABLE`, `CONDITION_UNKNOWN_KEY`). A step that runs on',
  'some paths only reads as empty on the others. Values whose shape nothing declares (a webhook body',
  'without a `schema`, a script\'s result) compare by the operand: a number as a number, `true` as a',
  'boolean, anything else as text.',
  '',
];
