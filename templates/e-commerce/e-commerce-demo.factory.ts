import { Faker, base, en, ru } from '@faker-js/faker';
import type { TemplateTeam, TemplateUser } from '@crm/schemas';

/*
 * The shop's demo people and records, from a fixed seed so that every install is the same: a home
 * goods and electronics web shop with two sales teams and a warehouse. Dates are written relative to
 * the day of install ({"$today": "-P12D"}), REFERENCE_DATE being the "today" they were drawn around:
 * orders of the two months before it, deliveries handed over 40 to 3 days before it (so
 * repeat-purchase offers fall due in the first days after the install, whenever that is). Birthdays
 * stay absolute, the yearly trigger finds them in any year: some customers have theirs in the first
 * ten days after REFERENCE_DATE.
 */

export const SEED = 20261215;
export const REFERENCE_DATE = '2026-12-01';

type Row = Record<string, unknown>;

export interface ShopDemo {
  teams: TemplateTeam[];
  users: TemplateUser[];
  data: Record<string, Row[]>;
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

function latin(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('').replace(/[^a-z0-9]+/g, '');
}

// Common first names: faker's ru list also has rare old ones that read as a joke in a demo.
const MALE_NAMES = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Иван', 'Михаил', 'Никита', 'Егор', 'Павел', 'Олег', 'Роман', 'Кирилл'];
const FEMALE_NAMES = ['Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Екатерина', 'Ирина', 'Светлана', 'Юлия', 'Анастасия', 'Дарья', 'Ксения', 'Марина'];
const CITIES = ['Москва', 'Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург', 'Новосибирск', 'Нижний Новгород', 'Краснодар', 'Самара', 'Воронеж'];
const STREETS = ['ул. Ленина', 'ул. Гагарина', 'Садовая ул.', 'пр. Мира', 'ул. Пушкина', 'Набережная ул.', 'ул. Победы', 'Лесная ул.'];

const PRODUCTS: Array<{ name: string; sku: string; category: string; price: number }> = [
  { name: 'Беспроводные наушники SoundFree 2', sku: 'EL-10231', category: 'electronics', price: 5990 },
  { name: 'Умная колонка «Алиса Мини»', sku: 'EL-10452', category: 'electronics', price: 7490 },
  { name: 'Смартфон Nova 12, 256 ГБ', sku: 'EL-11007', category: 'electronics', price: 32990 },
  { name: 'Ноутбук ProBook 15, 16 ГБ', sku: 'EL-11210', category: 'electronics', price: 74990 },
  { name: 'Телевизор 55" 4K QLED', sku: 'EL-11502', category: 'electronics', price: 54990 },
  { name: 'Робот-пылесос CleanBot S7', sku: 'HM-20310', category: 'home', price: 24990 },
  { name: 'Кофемашина автоматическая Barista', sku: 'HM-20455', category: 'home', price: 42990 },
  { name: 'Набор сковород с антипригарным покрытием', sku: 'HM-20118', category: 'home', price: 4590 },
  { name: 'Комплект постельного белья, сатин', sku: 'HM-20901', category: 'home', price: 3290 },
  { name: 'Электрический чайник из стекла', sku: 'HM-20077', category: 'home', price: 2490 },
  { name: 'Конструктор «Космопорт», 1200 деталей', sku: 'KD-30112', category: 'kids', price: 8990 },
  { name: 'Детский самокат трёхколёсный', sku: 'KD-30240', category: 'kids', price: 3990 },
  { name: 'Развивающий коврик для малышей', sku: 'KD-30388', category: 'kids', price: 2790 },
  { name: 'Велосипед горный 27,5"', sku: 'SP-40150', category: 'sport', price: 38990 },
  { name: 'Коврик для йоги 6 мм', sku: 'SP-40021', category: 'sport', price: 1490 },
  { name: 'Палатка туристическая 3-местная', sku: 'SP-40477', category: 'sport', price: 12990 },
  { name: 'Гантели разборные 2 × 10 кг', sku: 'SP-40302', category: 'sport', price: 6490 },
  { name: 'Фен-стайлер с насадками', sku: 'BT-50120', category: 'beauty', price: 9990 },
  { name: 'Электрическая зубная щётка', sku: 'BT-50233', category: 'beauty', price: 4290 },
  { name: 'Массажёр для шеи', sku: 'BT-50310', category: 'beauty', price: 3490 },
];

/** `days` from the install's today (negative: before), at a Moscow time of day when given ("T9H17M"). */
function fromToday(days: number, time = ''): { $today: string } {
  return { $today: `${days < 0 ? '-' : ''}P${Math.abs(days)}D${time}` };
}

export function generateShopDemo(): ShopDemo {
  const faker = new Faker({ locale: [ru, en, base] });
  faker.seed(SEED);

  const person = (sex: 'male' | 'female'): { first: string; last: string } => ({
    first: faker.helpers.arrayElement(sex === 'male' ? MALE_NAMES : FEMALE_NAMES),
    last: faker.person.lastName(sex),
  });
  const staff = (sex: 'male' | 'female', roles: string[], team: string, manager?: string): TemplateUser => {
    const p = person(sex);
    return { email: `${latin(p.first)}.${latin(p.last)}@shop.example.com`, name: `${p.first} ${p.last}`, roles, team, ...(manager ? { manager } : {}) };
  };

  const head = staff('male', ['shop_head'], 'Интернет-магазин');
  const seniorWeb = staff('female', ['senior_manager'], 'Продажи — сайт', head.email);
  const seniorMarket = staff('male', ['senior_manager'], 'Продажи — маркетплейсы', head.email);
  const web = [staff('female', ['sales_operator'], 'Продажи — сайт', seniorWeb.email), staff('male', ['sales_operator'], 'Продажи — сайт', seniorWeb.email)];
  const market = [staff('female', ['sales_operator'], 'Продажи — маркетплейсы', seniorMarket.email)];
  const keepers = [staff('male', ['warehouse'], 'Склад', head.email), staff('female', ['warehouse'], 'Склад', head.email)];
  const users = [head, seniorWeb, seniorMarket, ...web, ...market, ...keepers];
  const teams: TemplateTeam[] = [
    { name: 'Интернет-магазин', manager: head.email },
    { name: 'Продажи — сайт', parent: 'Интернет-магазин', manager: seniorWeb.email },
    { name: 'Продажи — маркетплейсы', parent: 'Интернет-магазин', manager: seniorMarket.email },
    { name: 'Склад', parent: 'Интернет-магазин' },
  ];

  const products: Row[] = PRODUCTS.map((p, i) => ({ $key: `product${i}`, ...p, stock: faker.number.int({ min: 0, max: 120 }), active: i !== 12 }));

  const emails = new Set<string>();
  const customers: Row[] = [];
  for (let i = 0; i < 20; i += 1) {
    const sex = faker.helpers.arrayElement<'male' | 'female'>(['male', 'female']);
    const p = person(sex);
    let email = `${latin(p.first)}.${latin(p.last)}@mail.example.ru`;
    for (let n = 2; emails.has(email); n += 1) email = `${latin(p.first)}.${latin(p.last)}${n}@mail.example.ru`;
    emails.add(email);
    const year = faker.number.int({ min: 1965, max: 2004 });
    // The first three have birthdays in the first ten days after the reference date (the greeting's demo).
    const birthday = i < 3 ? `${year}-12-${String(2 + i * 3).padStart(2, '0')}` : faker.date.birthdate({ mode: 'year', min: 1965, max: 2004, refDate: `${REFERENCE_DATE}T00:00:00Z` }).toISOString().slice(0, 10);
    customers.push({
      $key: `customer${i}`,
      full_name: `${p.last} ${p.first}`,
      email,
      phone: `+7 9${faker.string.numeric(2)} ${faker.string.numeric(3)}-${faker.string.numeric(2)}-${faker.string.numeric(2)}`,
      city: faker.helpers.arrayElement(CITIES),
      birthday,
      segment: faker.helpers.weightedArrayElement([
        { value: 'new', weight: 3 },
        { value: 'regular', weight: 5 },
        { value: 'vip', weight: 1 },
      ]),
      // One of the birthday customers said no to mailings: the greeting makes the offer but sends no e-mail.
      marketing_consent: i !== 2,
    });
  }

  const sellers = [...web, ...market];
  const orders: Row[] = [];
  const items: Row[] = [];
  const payments: Row[] = [];
  const deliveries: Row[] = [];
  const returns: Row[] = [];
  const statuses = [
    ...Array<string>(14).fill('delivered'),
    ...Array<string>(4).fill('shipped'),
    ...Array<string>(3).fill('assembling'),
    ...Array<string>(3).fill('paid'),
    ...Array<string>(3).fill('new'),
    'cancelled',
    'cancelled',
    'returned',
  ];
  statuses.forEach((status, i) => {
    const customer = faker.helpers.arrayElement(customers);
    const lines = faker.helpers.arrayElements(products, { min: 1, max: 3 });
    let total = 0;
    const key = `order${i}`;
    const number = String(104501 + i);
    // Delivered orders spread so their deliveries fall from 40 to 3 days before today; offsets in days.
    const delivered = status === 'delivered' || status === 'returned';
    const rank = statuses.slice(0, i).filter((x) => x === 'delivered' || x === 'returned').length;
    const deliveredOn = delivered ? -40 + Math.floor((rank * 37) / 15) : null;
    const orderedOn = deliveredOn !== null ? deliveredOn - faker.number.int({ min: 2, max: 6 }) : -faker.number.int({ min: 0, max: 5 });
    const lineRows = lines.map((product) => {
      const quantity = product['price'] !== undefined && Number(product['price']) > 20000 ? 1 : faker.number.int({ min: 1, max: 3 });
      total += quantity * Number(product['price']);
      return { title: String(product['name']), order: { $key: key }, product: { $key: product['$key'] }, quantity, price: product['price'] };
    });
    // Orders over 100 000 belong to a senior manager (what big_orders_to_senior does for new ones).
    const owner = total > 100000 ? (sellers.indexOf(faker.helpers.arrayElement(sellers)) < web.length ? seniorWeb : seniorMarket) : faker.helpers.arrayElement(sellers);
    const channel = owner === seniorMarket || market.includes(owner) ? 'marketplace' : faker.helpers.arrayElement(['website', 'website', 'app', 'phone']);
    orders.push({
      $key: key,
      number,
      customer: { $key: customer['$key'] },
      status,
      total,
      ordered_on: fromToday(orderedOn),
      channel,
      address: `г. ${String(customer['city'])}, ${faker.helpers.arrayElement(STREETS)}, д. ${faker.number.int({ min: 1, max: 120 })}, кв. ${faker.number.int({ min: 1, max: 300 })}`,
      ...(status === 'cancelled' ? { cancel_reason: faker.helpers.arrayElement(['Покупатель передумал', 'Нет в наличии', 'Не дозвонились до покупателя']) } : {}),
      owner: owner.email,
    });
    for (const line of lineRows) items.push({ ...line, owner: owner.email });
    if (status !== 'new' && status !== 'cancelled') {
      // On the day of the order; the hour was drawn in UTC and Moscow is UTC+3 all year. An order of
      // today was paid minutes ago, not later today after the install.
      const method = faker.helpers.weightedArrayElement([
        { value: 'card', weight: 5 },
        { value: 'sbp', weight: 3 },
        { value: 'cod', weight: 1 },
      ]);
      const hour = faker.number.int({ min: 6, max: 18 }) + 3;
      const minute = faker.helpers.arrayElement(['4', '17', '32', '48']);
      payments.push({
        reference: `PAY-${number}`,
        order: { $key: key },
        amount: total,
        method,
        state: status === 'returned' ? 'refunded' : 'paid',
        paid_at: orderedOn === 0 ? { $now: `-PT${minute}M` } : fromToday(orderedOn, `T${hour}H${minute}M`),
        owner: owner.email,
      });
    }
    if (delivered || status === 'shipped') {
      const carrier = faker.helpers.arrayElement(['cdek', 'cdek', 'boxberry', 'post', 'courier']);
      deliveries.push({
        $key: `delivery${i}`,
        title: `Заказ ${number}`,
        order: { $key: key },
        customer: { $key: customer['$key'] },
        carrier,
        tracking_number: `${carrier.toUpperCase().slice(0, 2)}${faker.string.numeric(10)}`,
        status: delivered ? 'delivered' : 'in_transit',
        // Not before the order: one placed today is shipped today.
        shipped_on: fromToday(deliveredOn !== null ? deliveredOn - 2 : Math.max(orderedOn, -1)),
        ...(deliveredOn !== null ? { delivered_on: fromToday(deliveredOn) } : {}),
        owner: faker.helpers.arrayElement(keepers).email,
      });
    }
    if (status === 'returned') {
      returns.push({ title: `Возврат по заказу ${number}`, order: { $key: key }, customer: { $key: customer['$key'] }, reason: 'defect', amount: total, state: 'refunded', comment: 'Не включается, вернули деньги на карту.', owner: owner.email, handled_by: keepers[0]?.email });
    }
  });

  return {
    teams,
    users,
    data: { product: products, customer: customers, order: orders, order_item: items, payment: payments, delivery: deliveries, return_request: returns },
  };
}
