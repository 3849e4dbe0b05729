import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Faker, base, en, ru } from '@faker-js/faker';

/*
 * Demo people and records of the services template: the beauty studio «Лаванда» in Moscow with a
 * front desk, five specialists on a two-days-on, two-days-off schedule, a price list and six weeks of
 * visits around a fixed reference date. Everything comes from one seeded Faker, so every run writes
 * the same template.json (services.template.test.ts regenerates in memory and compares). Run
 * `npx tsx templates/services/generate.ts` after changing this file; only teams, users and data of
 * template.json are rewritten, its app definition is left as it is.
 *
 * The installer writes demo records without running processes on them, so each booking already
 * carries what booking_guard would fill in (end, price, title, the client's contacts, the specialist
 * as owner), and the generator itself keeps one specialist's bookings apart and inside their shifts.
 * Times are written relative to the day of install ({"$today": "-P3DT14H30M"}), the reference date
 * being the "today" they were drawn around, so date triggers find work whenever it is installed:
 * visits two to ten days after the install get their reminder the day before, visits that took place
 * 18–29 days before it get the come-back offer 30 days on. Birthdays stay absolute (the yearly
 * trigger finds them in any year): two clients have theirs in the days after the reference date.
 */

export const SEED = 20261205;
/** "Today" of the demo (12:00 in Moscow): visits before it took place, those after it are booked. */
export const REFERENCE_DATE = '2026-12-01T09:00:00.000Z';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Moscow keeps UTC+3 all year. */
const MOSCOW_OFFSET_MS = 3 * HOUR_MS;
/** The salon opens at 10:00 and closes at 21:00 Moscow time. */
const OPENS = 10;
const CLOSES = 21;
/** Shifts are laid out from this many days before the reference date to this many after it. */
const SCHEDULE_FROM = -35;
const SCHEDULE_TO = 13;
/** The last days of the schedule are left free of bookings (tests book into them). */
const BOOKED_UNTIL = 10;

type Row = Record<string, unknown>;

export interface ServicesDemo {
  teams: Array<{ name: string; parent?: string; manager?: string }>;
  users: Array<{ email: string; name: string; roles: string[]; team?: string; manager?: string }>;
  data: Record<string, Row[]>;
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

function latin(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('').replace(/[^a-z]/g, '');
}

type Category = 'hair' | 'nails' | 'face' | 'massage';

/** The price list: name, category, price in roubles, minutes. */
const SERVICES: Array<[string, Category, number, number]> = [
  ['Женская стрижка', 'hair', 2800, 60],
  ['Мужская стрижка', 'hair', 1700, 45],
  ['Окрашивание в один тон', 'hair', 5900, 120],
  ['Сложное окрашивание (AirTouch)', 'hair', 13500, 240],
  ['Укладка', 'hair', 1900, 45],
  ['Маникюр с покрытием гель-лаком', 'nails', 2400, 90],
  ['Педикюр с покрытием', 'nails', 3100, 90],
  ['Наращивание ногтей', 'nails', 4200, 150],
  ['Чистка лица', 'face', 4500, 75],
  ['Коррекция и окрашивание бровей', 'face', 1400, 45],
  ['Массаж спины', 'massage', 2600, 45],
  ['Общий массаж', 'massage', 4800, 90],
];

/** Who works here: specialization and level of each specialist. */
const SPECIALISTS: Array<[Category, string]> = [
  ['hair', 'art_director'],
  ['hair', 'top'],
  ['nails', 'master'],
  ['face', 'top'],
  ['massage', 'master'],
];

interface Interval {
  start: number;
  end: number;
}

export function generateDemo(): ServicesDemo {
  const f = new Faker({ locale: [ru, en, base] });
  f.seed(SEED);
  const ref = Date.parse(REFERENCE_DATE);
  /** Midnight in Moscow of the day `offset` days from the reference date, as UTC milliseconds. */
  const moscowDay = (offset: number): number => {
    const local = new Date(ref + MOSCOW_OFFSET_MS + offset * DAY_MS);
    local.setUTCHours(0, 0, 0, 0);
    return local.getTime() - MOSCOW_OFFSET_MS;
  };
  /**
   * An instant as template.json gives it: whole days from the install's today at a Moscow time of day
   * ({"$today": "P3DT14H30M"}), so an install weeks after this run still has visits booked for the
   * coming days; installed at REFERENCE_DATE it is the very instant.
   */
  const relative = (ms: number): { $today: string } => {
    const days = Math.floor((ms - moscowDay(0)) / DAY_MS);
    const minutes = Math.round((ms - moscowDay(days)) / 60_000);
    const time = `T${Math.floor(minutes / 60)}H${minutes % 60 ? `${minutes % 60}M` : ''}`;
    return { $today: `${days < 0 ? '-' : ''}P${Math.abs(days)}D${time}` };
  };
  const phone = (): string => `+7 (9${f.string.numeric(2)}) ${f.string.numeric(3)}-${f.string.numeric(2)}-${f.string.numeric(2)}`;
  const personName = (sex: 'male' | 'female'): { first: string; last: string; middle: string } => ({
    first: f.person.firstName(sex),
    last: f.person.lastName(sex),
    middle: f.person.middleName(sex),
  });

  // People: the manager, two at the front desk, five specialists.
  const teams: ServicesDemo['teams'] = [];
  const users: ServicesDemo['users'] = [];
  const staff = (role: string, team: string, sex: 'male' | 'female', manager?: string): { email: string; full: string } => {
    const p = personName(sex);
    const email = `${latin(p.first)}.${latin(p.last)}@lavanda-studio.example`;
    users.push({ email, name: `${p.first} ${p.last}`, roles: [role], team, ...(manager ? { manager } : {}) });
    return { email, full: `${p.last} ${p.first} ${p.middle}` };
  };
  const manager = staff('manager', 'Студия «Лаванда»', 'female');
  teams.push({ name: 'Студия «Лаванда»', manager: manager.email });
  const frontDesk = [staff('receptionist', 'Ресепшн', 'female', manager.email), staff('receptionist', 'Ресепшн', 'female', manager.email)];
  teams.push({ name: 'Ресепшн', parent: 'Студия «Лаванда»', manager: frontDesk[0]?.email ?? manager.email });
  teams.push({ name: 'Мастера', parent: 'Студия «Лаванда»', manager: manager.email });

  const services = SERVICES.map(([name, category, price, duration], i) => ({
    key: `sv${i}`,
    row: { name, category, price, duration_min: duration, active: true } as Row,
  }));

  const specialists = SPECIALISTS.map(([specialization, level], i) => {
    const person = staff('specialist', 'Мастера', specialization === 'massage' ? 'male' : f.helpers.arrayElement(['female', 'female', 'male'] as const), manager.email);
    return {
      key: `sp${i}`,
      email: person.email,
      specialization,
      row: { full_name: person.full, user: person.email, specialization, level, phone: phone(), active: true } as Row,
    };
  });

  // Two days on, two days off, each specialist starting the cycle on a different day.
  const shifts: Row[] = [];
  const shiftsOf = new Map<string, Interval[]>();
  specialists.forEach((sp, i) => {
    const list: Interval[] = [];
    for (let d = SCHEDULE_FROM; d <= SCHEDULE_TO; d++) {
      if ((d - SCHEDULE_FROM + i) % 4 >= 2) continue;
      const start = moscowDay(d) + OPENS * HOUR_MS;
      const end = moscowDay(d) + CLOSES * HOUR_MS;
      list.push({ start, end });
      // No date in the title: the day is only known at install.
      shifts.push({ title: `${String(sp.row['full_name']).split(' ')[0]} — смена`, specialist: { $key: sp.key }, starts_at: relative(start), ends_at: relative(end), owner: manager.email });
    }
    shiftsOf.set(sp.key, list);
  });

  const clients = Array.from({ length: 30 }, (_, i) => {
    const sex = i % 6 === 5 ? 'male' : 'female';
    const p = personName(sex);
    const hasEmail = i % 7 !== 3;
    const row: Row = {
      full_name: `${p.last} ${p.first} ${p.middle}`,
      phone: phone(),
      ...(hasEmail ? { email: f.internet.email({ firstName: latin(p.first), lastName: latin(p.last), provider: f.helpers.arrayElement(['mail.example', 'yandex.example', 'gmail.example']) }).toLowerCase() } : {}),
      birthday: f.date.birthdate({ mode: 'age', min: 18, max: 70, refDate: ref }).toISOString().slice(0, 10),
      source: f.helpers.arrayElement(['instagram', 'yandex_maps', 'website', 'referral', 'walk_in', 'phone']),
      marketing_consent: i % 9 !== 4,
      owner: f.helpers.arrayElement(frontDesk).email,
    };
    if (i % 10 === 2) row['notes'] = f.helpers.arrayElement(['Аллергия на аммиачные красители', 'Предпочитает утреннее время', 'Постоянный клиент, скидка 10%']);
    return { key: `c${i}`, sex, row };
  });
  // Two clients celebrate in the days after the reference date (client_birthday greets them).
  (clients[0] as { row: Row }).row['birthday'] = `1990-${new Date(moscowDay(4)).toISOString().slice(5, 10)}`;
  (clients[1] as { row: Row }).row['birthday'] = `1979-${new Date(moscowDay(9)).toISOString().slice(5, 10)}`;

  // Visits: each specialist's bookings on their shift days, apart from each other, 1–3 a shift.
  const bookings: Array<{ start: number; row: Row }> = [];
  for (const sp of specialists) {
    const menu = services.filter((s) => s.row['category'] === sp.specialization);
    for (const shift of shiftsOf.get(sp.key) ?? []) {
      const dayOffset = Math.round((shift.start - OPENS * HOUR_MS - moscowDay(0)) / DAY_MS);
      if (dayOffset > BOOKED_UNTIL || dayOffset < SCHEDULE_FROM + 5 || dayOffset === 0 || dayOffset === 1) continue;
      const taken: Interval[] = [];
      const visits = f.number.int({ min: 1, max: 3 });
      for (let v = 0; v < visits; v++) {
        const service = f.helpers.arrayElement(menu);
        const minutes = Number(service.row['duration_min']);
        // Half-hour slots between opening and the last start that still ends by closing.
        const slots = Math.floor(((CLOSES - OPENS) * 60 - minutes) / 30);
        const start = shift.start + f.number.int({ min: 0, max: slots }) * 30 * 60_000;
        const end = start + minutes * 60_000;
        if (taken.some((t) => t.start < end && start < t.end)) continue;
        taken.push({ start, end });
        const client = f.helpers.arrayElement(clients);
        const past = dayOffset < 0;
        const status = past
          ? f.helpers.weightedArrayElement([{ value: 'done', weight: 12 }, { value: 'no_show', weight: 1 }, { value: 'cancelled', weight: 1 }])
          : f.helpers.weightedArrayElement([{ value: 'booked', weight: 2 }, { value: 'confirmed', weight: 1 }]);
        const row: Row = {
          title: `${String(service.row['name'])} — ${String(client.row['full_name'])}`,
          client: { $key: client.key },
          service: { $key: service.key },
          specialist: { $key: sp.key },
          starts_at: relative(start),
          ends_at: relative(end),
          status,
          price: Number(service.row['price']),
          client_phone: client.row['phone'],
          source: f.helpers.arrayElement(['instagram', 'yandex_maps', 'website', 'phone', 'walk_in']),
          owner: sp.email,
        };
        if (client.row['email']) row['client_email'] = client.row['email'];
        bookings.push({ start, row });
      }
    }
  }
  bookings.sort((a, b) => a.start - b.start);

  const keyed = (list: Array<{ key: string; row: Row }>): Row[] => list.map((b) => ({ $key: b.key, ...b.row }));
  return {
    teams,
    users,
    data: {
      service: keyed(services),
      specialist: keyed(specialists),
      shift: shifts,
      client: keyed(clients),
      booking: bookings.map((b) => b.row),
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
