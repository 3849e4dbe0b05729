import { openPglite } from '../src/db/database.factory.ts';
const db = await openPglite();
const k = db.knex;
console.log((await k.raw("select to_tsvector('russian', 'Большие сделки') || to_tsvector('english','running deals') as v")).rows);
await k.raw("create table t (id uuid primary key default gen_random_uuid(), a text, n numeric, m text[], deleted_at timestamptz)");
await k.raw("alter table t add column _search tsvector generated always as (to_tsvector('russian'::regconfig, coalesce(a,'') || ' ' || coalesce(n::text,'')) || to_tsvector('english'::regconfig, coalesce(a,'')) || coalesce(array_to_tsvector(m), ''::tsvector)) stored");
await k('t').insert({a: 'Большие сделки', n: 12.5, m: ['x','y']});
console.log((await k.raw("select _search from t")).rows);
console.log((await k.raw("select pg_advisory_xact_lock(hashtext('crm:publish'))")).rows);
try { await k.raw("select 'x'::int"); } catch (e) { console.log('err', e.constructor.name, e.code, e.message); }
try { await k.raw("alter table t alter column a type int using a::int"); } catch (e) { console.log('err', e.code, e.message); }
// outside trx query while trx open
const p = k.transaction(async (trx) => { await trx.raw('select 1'); const r = await Promise.race([k.raw('select 2').then(()=> 'ok'), new Promise(r=>setTimeout(()=>r('timeout'),1000))]); console.log('outside query during trx:', r); });
await p;
await k('t').insert({a: 'a', m: ['']}).catch(e=>console.log('empty lexeme', e.message));
await db.close();
