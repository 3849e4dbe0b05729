import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Faker, base, en, ru } from '@faker-js/faker';

/*
 * Demo people and records of the real-estate template: a Moscow agency with two offices. Everything
 * comes from one seeded Faker and a fixed reference date, so every run writes the same template.json;
 * dates are written as offsets from the day of install ({"$today": "P2DT11H"}), the reference date
 * being the "today" they were drawn around, while birthdays stay absolute (real-estate.template.test.ts
 * regenerates in memory and compares). Run
 * `npx tsx templates/real-estate/generate.ts` after changing this file; the app definition in
 * template.json is left as it is, only teams, users and data are rewritten.
 *
 * The installer creates demo records without running processes on them (runtime/src/templates/
 * template.installer.ts makes its record service without the engine's before-save hooks and
 * outbox), so the demo is written as the automations would have left it: properties of closed deals
 * are Sold and held in the deal's unique sold_property; deals of 60,000,000 RUB or more belong to
 * their office's senior agent; fresh online leads are shared among the agents in turn. Date
 * triggers do scan the demo: planned viewings in the days after the install get their reminder the
 * day before, and a buyer has a birthday three days after the reference date.
 */

export const SEED = 20261201;
/** "Today" of the demo: viewings before it happened, those after it are planned. */
export const REFERENCE_DATE = '2026-12-01T09:00:00.000Z';
const DAY_MS = 86_400_000;
/** The threshold of big_deals_to_senior. */
const BIG_DEAL = 60_000_000;

type Row = Record<string, unknown>;
/** A demo date as template.json gives it: days from the install's today, optionally at a local hour. */
type RelativeDate = { $today: string };

/** "P5D", "-P3D", "P2DT11H": `offset` whole days from today, then the time of day in the app's zone. */
function offsetDuration(offset: number, time = ''): string {
  return `${offset < 0 ? '-' : ''}P${Math.abs(offset)}D${time}`;
}

export interface RealEstateDemo {
  teams: Array<{ name: string; parent?: string; manager?: string }>;
  users: Array<{ email: string; name: string; roles: string[]; team?: string; manager?: string }>;
  data: Record<string, Row[]>;
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Latin letters for a work e-mail (ivan.petrov@...), as Russian companies write them. */
function latin(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('').replace(/[^a-z]/g, '');
}

const CENTRAL_DISTRICTS = ['Хамовники', 'Арбат', 'Тверской', 'Пресненский', 'Басманный', 'Замоскворечье', 'Якиманка'];
const OUTER_DISTRICTS = ['Раменки', 'Гагаринский', 'Черёмушки', 'Ясенево', 'Тёплый Стан', 'Коньково', 'Обручевский'];
const COUNTRY_PLACES = ['пос. Жуковка, Одинцовский г. о.', 'КП «Новорижские озёра», г. о. Истра', 'пос. Нахабино, г. о. Красногорск', 'КП «Пестово», г. о. Мытищи'];
const PRICE_PER_M2: Record<string, [number, number]> = { central: [550_000, 900_000], outer: [280_000, 420_000] };

interface Built {
  key: string;
  row: Row;
}

export function generateDemo(): RealEstateDemo {
  const f = new Faker({ locale: [ru, en, base] });
  f.seed(SEED);
  const ref = Date.parse(REFERENCE_DATE);
  // Dates are relative to the install (TemplateRelativeDate), so an install weeks after this run still
  // has tomorrow's viewings; installed at REFERENCE_DATE they are the dates the offsets say.
  const day = (offset: number): RelativeDate => ({ $today: offsetDuration(offset) });
  const at = (offset: number, hour: number): RelativeDate => ({ $today: offsetDuration(offset, `T${hour}H`) });
  const phone = (): string => `+7 (9${f.string.numeric(2)}) ${f.string.numeric(3)}-${f.string.numeric(2)}-${f.string.numeric(2)}`;
  const personName = (sex: 'male' | 'female'): { first: string; last: string; full: string } => {
    const first = f.person.firstName(sex);
    const last = f.person.lastName(sex);
    return { first, last, full: `${last} ${first} ${f.person.middleName(sex)}` };
  };
  const sexOf = (): 'male' | 'female' => f.helpers.arrayElement(['male', 'female'] as const);

  // People: the director, and per office a senior agent with two agents.
  const teams: RealEstateDemo['teams'] = [];
  const users: RealEstateDemo['users'] = [];
  const staff = (role: string, team: string, manager?: string): string => {
    const p = personName(sexOf());
    const email = `${latin(p.first)}.${latin(p.last)}@klyuch-estate.example`;
    users.push({ email, name: `${p.first} ${p.last}`, roles: [role], team, ...(manager ? { manager } : {}) });
    return email;
  };
  const director = staff('director', 'Дирекция');
  teams.push({ name: 'Дирекция', manager: director });
  const offices = [
    { team: 'Офис «Центр»', districts: CENTRAL_DISTRICTS, zone: 'central' },
    { team: 'Офис «Юго-Запад»', districts: OUTER_DISTRICTS, zone: 'outer' },
  ];
  const agentsByOffice: string[][] = [];
  const seniorOf = new Map<string, string>();
  for (const office of offices) {
    const senior = staff('senior_agent', office.team, director);
    teams.push({ name: office.team, parent: 'Дирекция', manager: senior });
    const agents = [staff('agent', office.team, senior), staff('agent', office.team, senior)];
    for (const agent of agents) seniorOf.set(agent, senior);
    agentsByOffice.push(agents);
  }

  // Property owners, each found by an agent of one office.
  const sellers: Built[] = [];
  for (let i = 0; i < 12; i++) {
    const office = i % 2;
    const sex = sexOf();
    const p = personName(sex);
    sellers.push({
      key: `s${i}`,
      row: {
        full_name: p.full,
        phone: phone(),
        email: f.internet.email({ firstName: latin(p.first), lastName: latin(p.last), provider: f.helpers.arrayElement(['mail.example', 'yandex.example', 'inbox.example']) }).toLowerCase(),
        birthday: f.date.birthdate({ mode: 'age', min: 30, max: 75, refDate: ref }).toISOString().slice(0, 10),
        agreement: f.helpers.weightedArrayElement([{ value: 'exclusive', weight: 2 }, { value: 'non_exclusive', weight: 3 }, { value: 'none', weight: 1 }]),
        owner: f.helpers.arrayElement(agentsByOffice[office] ?? []),
      },
    });
  }

  // Listings: flats in town, country houses, a shop front and a plot.
  const properties: Built[] = [];
  /** Days from today each property was listed on. */
  const listedOn = new Map<string, number>();
  for (let i = 0; i < 18; i++) {
    const seller = sellers[i % sellers.length] as Built;
    const office = i % 2;
    const kind = i % 9 === 4 ? 'house' : i % 9 === 7 ? 'commercial' : i === 17 ? 'land' : i % 5 === 3 ? 'new_build' : 'apartment';
    const district = f.helpers.arrayElement(offices[office]?.districts ?? CENTRAL_DISTRICTS);
    const street = f.location.street();
    let title: string;
    let address: string;
    let area: number;
    let price: number;
    let rooms: number | undefined;
    let floor: number | undefined;
    let floorsTotal: number | undefined;
    let city = 'Москва';
    if (kind === 'house') {
      area = f.number.int({ min: 160, max: 420 });
      price = Math.round((area * f.number.int({ min: 180_000, max: 320_000 })) / 100_000) * 100_000;
      rooms = f.number.int({ min: 4, max: 8 });
      floorsTotal = f.number.int({ min: 2, max: 3 });
      city = 'Московская область';
      address = `${f.helpers.arrayElement(COUNTRY_PLACES)}, ${street}, д. ${f.number.int({ min: 1, max: 60 })}`;
      title = `Дом ${area} м², ${address.split(',')[0]}`;
    } else if (kind === 'land') {
      const sotki = f.number.int({ min: 10, max: 30 });
      area = sotki * 100;
      price = sotki * f.number.int({ min: 3, max: 9 }) * 100_000;
      city = 'Московская область';
      address = `${f.helpers.arrayElement(COUNTRY_PLACES)}, участок ${f.number.int({ min: 1, max: 200 })}`;
      title = `Участок ${sotki} сот., ${address.split(',')[0]}`;
    } else if (kind === 'commercial') {
      area = f.number.int({ min: 70, max: 320 });
      price = Math.round((area * f.number.int({ min: 350_000, max: 650_000 })) / 100_000) * 100_000;
      floor = 1;
      floorsTotal = f.number.int({ min: 5, max: 17 });
      address = `г. Москва, ${street}, д. ${f.number.int({ min: 1, max: 90 })}`;
      title = `Помещение свободного назначения ${area} м², ${district}`;
    } else {
      rooms = f.helpers.weightedArrayElement([{ value: 1, weight: 2 }, { value: 2, weight: 3 }, { value: 3, weight: 2 }, { value: 4, weight: 1 }]);
      area = rooms * f.number.int({ min: 18, max: 26 }) + f.number.int({ min: 10, max: 20 });
      const [low, high] = PRICE_PER_M2[offices[office]?.zone ?? 'outer'] ?? [300_000, 400_000];
      price = Math.round((area * f.number.int({ min: low, max: high })) / 100_000) * 100_000;
      floorsTotal = kind === 'new_build' ? f.number.int({ min: 17, max: 32 }) : f.number.int({ min: 5, max: 14 });
      floor = f.number.int({ min: 2, max: floorsTotal });
      address = `г. Москва, ${street}, д. ${f.number.int({ min: 1, max: 90 })}, кв. ${f.number.int({ min: 1, max: 320 })}`;
      title = `${rooms}-комн. ${kind === 'new_build' ? 'квартира в новостройке' : 'квартира'}, ${area} м², ${district}`;
    }
    const listed = -f.number.int({ min: 5, max: 120 });
    listedOn.set(`p${i}`, listed);
    properties.push({
      key: `p${i}`,
      row: {
        title,
        kind,
        // Set again below for the properties that deals hold.
        status: i === 7 ? 'withdrawn' : i === 11 || i === 16 ? 'prep' : 'active',
        price,
        address,
        city,
        district: kind === 'house' || kind === 'land' ? (address.split(',')[0] ?? district) : district,
        ...(rooms === undefined ? {} : { rooms }),
        area,
        ...(floor === undefined ? {} : { floor }),
        ...(floorsTotal === undefined ? {} : { floors_total: floorsTotal }),
        seller: { $key: seller.key },
        // Set below, once the viewings are known (none before the listing).
        listed_on: day(0),
        description: f.helpers.arrayElement([
          'Светлая, окна во двор, свежий ремонт, один взрослый собственник.',
          'Прямая продажа, чистая история, можно в ипотеку.',
          'Рядом метро и парк, закрытый двор, подземный паркинг.',
          'Требует косметического ремонта, торг уместен.',
          'Продаётся с мебелью и техникой, выход на сделку в любое время.',
        ]),
        owner: seller.row['owner'],
      },
    });
  }

  // Buyers: those already in work have an agent of the office; fresh online leads arrived lately.
  const buyers: Built[] = [];
  const allAgents = agentsByOffice.flat();
  const buyerAgent = new Map<string, string>();
  for (let i = 0; i < 16; i++) {
    const fresh = i >= 11;
    const office = i % 2;
    const sex = sexOf();
    const p = personName(sex);
    const agent = f.helpers.arrayElement(agentsByOffice[office] ?? []);
    const kind = f.helpers.weightedArrayElement([{ value: 'apartment', weight: 5 }, { value: 'new_build', weight: 2 }, { value: 'house', weight: 1 }, { value: 'commercial', weight: 1 }]);
    const row: Row = {
      full_name: p.full,
      phone: phone(),
      email: f.internet.email({ firstName: latin(p.first), lastName: latin(p.last), provider: f.helpers.arrayElement(['mail.example', 'yandex.example', 'gmail.example']) }).toLowerCase(),
      birthday: f.date.birthdate({ mode: 'age', min: 25, max: 65, refDate: ref }).toISOString().slice(0, 10),
      source: fresh ? f.helpers.arrayElement(['website', 'cian', 'avito']) : f.helpers.arrayElement(['cian', 'avito', 'referral', 'walk_in', 'website']),
      status: fresh ? 'new' : 'searching',
      wanted_kind: kind,
      rooms_min: kind === 'apartment' || kind === 'new_build' ? f.number.int({ min: 1, max: 3 }) : undefined,
      budget_max: f.number.int({ min: 12, max: 70 }) * 1_000_000,
      mortgage: f.datatype.boolean({ probability: 0.5 }),
      districts: f.helpers.arrayElements(offices[office]?.districts ?? [], 2).join(', '),
    };
    if (row['rooms_min'] === undefined) delete row['rooms_min'];
    // Fresh online leads are shared in turn among all agents (route_online_leads), the rest stay with
    // the agent of their office who took them.
    const owner = fresh ? (allAgents[(i - 11) % allAgents.length] ?? agent) : agent;
    row['owner'] = owner;
    buyerAgent.set(`b${i}`, owner);
    buyers.push({ key: `b${i}`, row });
  }

  // Deals: one buyer, one property each; the stage mix of a working month.
  const dealPlan: Array<{ stage: string; buyer: number; property: number }> = [
    { stage: 'won', buyer: 0, property: 0 },
    { stage: 'won', buyer: 1, property: 4 },
    { stage: 'contract', buyer: 2, property: 2 },
    { stage: 'deposit', buyer: 3, property: 3 },
    { stage: 'deposit', buyer: 4, property: 6 },
    { stage: 'negotiation', buyer: 5, property: 5 },
    { stage: 'viewing', buyer: 6, property: 8 },
    { stage: 'viewing', buyer: 7, property: 9 },
    { stage: 'new', buyer: 8, property: 10 },
    { stage: 'lost', buyer: 9, property: 12 },
    { stage: 'lost', buyer: 10, property: 13 },
  ];
  const deals: Built[] = [];
  const viewings: Built[] = [];
  dealPlan.forEach((plan, i) => {
    const buyer = buyers[plan.buyer] as Built;
    const property = properties[plan.property] as Built;
    const agent = buyerAgent.get(buyer.key) ?? '';
    const asking = Number(property.row['price']);
    // Bargaining takes 0–5% off the asking price, in steps of 50,000.
    const price = Math.round((asking * (1 - f.number.int({ min: 0, max: 5 }) / 100)) / 50_000) * 50_000;
    property.row['status'] = plan.stage === 'won' ? 'sold' : plan.stage === 'contract' || plan.stage === 'deposit' ? 'reserved' : 'active';
    buyer.row['status'] = plan.stage === 'won' ? 'bought' : plan.stage === 'lost' ? 'lost' : 'deal';
    const surname = String(buyer.row['full_name']).split(' ')[0];
    const row: Row = {
      title: `${String(property.row['title'])} — ${surname}`,
      property: { $key: property.key },
      buyer: { $key: buyer.key },
      stage: plan.stage,
      price,
      commission_rate: f.helpers.arrayElement([2, 2.5, 3, 3.5, 4]),
      // big_deals_to_senior: an expensive deal is the senior agent's.
      owner: price >= BIG_DEAL ? (seniorOf.get(agent) ?? agent) : agent,
    };
    if (plan.stage === 'won') row['sold_property'] = { $key: property.key };
    if (['deposit', 'contract', 'won'].includes(plan.stage)) row['deposit'] = Math.round(price * 0.01 / 10_000) * 10_000 + 100_000;
    if (plan.stage === 'contract') row['close_date'] = day(f.number.int({ min: 5, max: 20 }));
    // A won deal closed after its viewings: they are kept to the days before its close.
    const closed = plan.stage === 'won' ? -f.number.int({ min: 2, max: 20 }) : 0;
    if (plan.stage === 'won') row['close_date'] = day(closed);
    if (plan.stage === 'lost') row['lost_reason'] = f.helpers.arrayElement(['Не одобрили ипотеку', 'Покупатель выбрал другой объект', 'Собственник поднял цену', 'Проблемы с документами на объект']);
    deals.push({ key: `d${i}`, row });
    // The viewings that led here: done before the reference date; open deals have one planned ahead.
    const shown = plan.stage === 'new' ? 0 : f.number.int({ min: 1, max: 2 });
    for (let v = 0; v < shown; v++) {
      const drawn = -f.number.int({ min: 3, max: 40 });
      const shownOn = plan.stage === 'won' ? Math.min(drawn, closed - 1) : drawn;
      // Listed before anyone was shown round.
      listedOn.set(property.key, Math.min(listedOn.get(property.key) ?? 0, shownOn - 1));
      viewings.push({
        key: `v${viewings.length}`,
        row: {
          title: `Показ: ${String(property.row['title'])}`,
          property: { $key: property.key },
          buyer: { $key: buyer.key },
          scheduled_at: at(shownOn, f.number.int({ min: 10, max: 19 })),
          status: 'done',
          rating: f.number.int({ min: 3, max: 5 }),
          feedback: f.helpers.arrayElement(['Понравилась планировка, смущает шум с улицы', 'Готовы обсуждать цену', 'Хотят посмотреть ещё раз с родителями', 'Всё устроило, просят показать документы']),
          owner: agent,
        },
      });
    }
    if (['new', 'viewing', 'negotiation'].includes(plan.stage)) {
      viewings.push({
        key: `v${viewings.length}`,
        row: {
          title: `Показ: ${String(property.row['title'])}`,
          property: { $key: property.key },
          buyer: { $key: buyer.key },
          scheduled_at: at(f.number.int({ min: 1, max: 10 }), f.number.int({ min: 10, max: 19 })),
          status: 'planned',
          owner: agent,
        },
      });
    }
  });

  // One buyer's birthday falls three days after the reference date (buyer_birthday greets them).
  const celebrant = buyers[11] as Built;
  // Birthdays stay absolute: the yearly trigger finds them in any year.
  celebrant.row['birthday'] = `1988-${new Date(ref + 3 * DAY_MS).toISOString().slice(5, 10)}`;

  for (const property of properties) property.row['listed_on'] = day(listedOn.get(property.key) ?? 0);

  const keyed = (list: Built[]): Row[] => list.map((b) => ({ $key: b.key, ...b.row }));
  return {
    teams,
    users,
    data: {
      seller: keyed(sellers),
      property: keyed(properties),
      buyer: keyed(buyers),
      viewing: viewings.map((v) => v.row),
      deal: deals.map((d) => d.row),
    },
  };
}

export const TEMPLATE_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'template.json');

/** Writes the demo into template.json, keeping its app definition. */
function main(): void {
  const template = JSON.parse(fs.readFileSync(TEMPLATE_PATH, 'utf8')) as Record<string, unknown>;
  const demo = generateDemo();
  fs.writeFileSync(TEMPLATE_PATH, `${JSON.stringify({ ...template, teams: demo.teams, users: demo.users, data: demo.data }, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
