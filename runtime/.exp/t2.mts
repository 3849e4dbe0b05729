import { openPglite } from '../src/db/database.factory.ts';
const db = await openPglite();
const r = await db.knex.raw("select 1.5::numeric as n, now() as t, 5::int8 as b, current_date as d");
console.log(r.rows);
const r2 = await db.knex.raw("select 1.5::numeric as n, now() as t, 5::int8 as b, current_date as d");
console.log(r2.rows);
await db.close();
