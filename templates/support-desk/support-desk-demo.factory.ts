import { Faker, base, en, ru } from '@faker-js/faker';
import type { TemplateTeam, TemplateUser } from '@crm/schemas';

/*
 * The desk's demo people and records, from a fixed seed so that every install is the same. The
 * company is a cloud accounting service with two support lines. Ticket deadlines are not in the
 * data: they are computed from the SLA policies relative to when each ticket arrived (the installer
 * saves demo records without running processes, so the sla_watch schedule sets them within five
 * minutes of install), so a critical ticket installed today breaks its SLA today, whenever that is.
 * The surveys were answered on days before the install, written relative to it ({"$today":
 * "-P3DT12H20M"}: three days ago at 12:20 Moscow time), so they read as answered in the past weeks
 * whenever the template is installed; REFERENCE_DATE is the "today" they were drawn around.
 */

export const SEED = 20261214;
export const REFERENCE_DATE = '2026-12-01';

type Row = Record<string, unknown>;

export interface SupportDemo {
  teams: TemplateTeam[];
  users: TemplateUser[];
  data: Record<string, Row[]>;
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

export function latin(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('').replace(/[^a-z0-9]+/g, '');
}

// Common first names: faker's ru list also has rare old ones (Конон, Автоном) that read as a joke in a demo.
const MALE_NAMES = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Иван', 'Михаил', 'Никита', 'Егор', 'Павел', 'Олег', 'Роман', 'Кирилл'];
const FEMALE_NAMES = ['Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Екатерина', 'Ирина', 'Светлана', 'Юлия', 'Анастасия', 'Дарья', 'Ксения', 'Марина'];

const COMPANY_FORMS = ['ООО', 'АО', 'ООО', 'ИП'];
const COMPANY_ROOTS = [
  'Северный ветер', 'ТехноСнаб', 'Волга-Логистик', 'Уральские самоцветы', 'Фармация Плюс', 'СтройМастер', 'Белый парус', 'Кедр',
  'Альфа-Принт', 'Городские аптеки', 'Сибирский хлеб', 'ЭкоДом', 'Мегаполис-Авто', 'Зелёная долина', 'Балтийская верфь', 'Точка роста',
];

interface Subject {
  category: string;
  subject: string;
  text: string;
  resolution: string;
}

const SUBJECTS: Subject[] = [
  { category: 'access', subject: 'Не приходит код подтверждения при входе', text: 'Третий раз запрашиваю СМС-код, он не приходит. Бухгалтер не может войти.', resolution: 'Номер был записан без кода страны; исправили в профиле, код приходит.' },
  { category: 'access', subject: 'Нужно добавить второго бухгалтера', text: 'Как дать доступ новому сотруднику только к отчётам?', resolution: 'Добавили пользователя с ролью «Только отчёты», отправили ссылку на статью.' },
  { category: 'access', subject: 'Заблокирована учётная запись директора', text: 'После пяти неверных паролей вход заблокирован.', resolution: 'Разблокировали после подтверждения личности, включили вход по ключу.' },
  { category: 'bug', subject: 'Ошибка 500 при выгрузке отчёта в Excel', text: 'Отчёт по продажам за квартал не выгружается, сервис пишет «Внутренняя ошибка».', resolution: 'Исправлена ошибка в выгрузке длинных периодов, выпущено обновление.' },
  { category: 'bug', subject: 'Не сходится остаток на складе после инвентаризации', text: 'После проведения инвентаризации остатки по двум позициям ушли в минус.', resolution: 'Документ инвентаризации был проведён дважды; отменили дубль, остатки верные.' },
  { category: 'bug', subject: 'Не формируется счёт-фактура', text: 'Кнопка «Сформировать» неактивна для реализаций за ноябрь.', resolution: 'Не был указан КПП покупателя; добавили подсказку в форму.' },
  { category: 'billing', subject: 'Не прошла оплата по счёту', text: 'Оплатили счёт вчера, а в кабинете тариф всё ещё не продлён.', resolution: 'Платёж пришёл с неверным назначением; сопоставили вручную, тариф продлён.' },
  { category: 'billing', subject: 'Нужен акт сверки за год', text: 'Пришлите, пожалуйста, акт сверки взаиморасчётов за 2026 год.', resolution: 'Акт сверки отправлен на почту и через ЭДО.' },
  { category: 'billing', subject: 'Смена тарифа с «Стандарт» на «Бизнес»', text: 'Хотим перейти на старший тариф с начала месяца, как пересчитают оплату?', resolution: 'Перевели на тариф «Бизнес», остаток пересчитан пропорционально.' },
  { category: 'integration', subject: 'Перестала работать выгрузка заказов в 1С', text: 'С понедельника заказы из интернет-магазина не появляются в 1С.', resolution: 'Истёк токен обмена; выпустили новый и настроили напоминание о сроке.' },
  { category: 'integration', subject: 'Ключ API не принимается', text: 'При вызове API получаем 401, хотя ключ только что создан.', resolution: 'Ключ передавался в параметре запроса; объяснили, что нужен заголовок Authorization.' },
  { category: 'integration', subject: 'Не приходят документы из банка', text: 'Выписка из банка не подгружается уже два дня.', resolution: 'Банк сменил адрес сервиса; обновили подключение.' },
  { category: 'question', subject: 'Как настроить автоматическую рассылку счетов', text: 'Хотим, чтобы счета уходили клиентам сами в начале месяца.', resolution: 'Настроили шаблон рассылки и расписание, отправили инструкцию.' },
  { category: 'question', subject: 'Где посмотреть историю изменений документа', text: 'Кто-то поменял сумму в акте, как узнать кто?', resolution: 'Показали журнал изменений документа и права на его просмотр.' },
  { category: 'question', subject: 'Как перенести данные из старой программы', text: 'Переходим с другой системы, нужен перенос справочников и остатков.', resolution: 'Провели перенос по шаблону импорта, сверили остатки с клиентом.' },
  { category: 'feature', subject: 'Добавьте выгрузку в формате XML для ФНС', text: 'Было бы удобно выгружать книгу продаж сразу в XML.', resolution: 'Пожелание передано в разработку, клиенту сообщили о сроках.' },
];

const KB_ARTICLES: Array<{ title: string; category: string; keywords: string; body: string; state: string }> = [
  { title: 'Если не приходит СМС-код', category: 'access', keywords: 'смс, код, вход, двухфакторная', state: 'published', body: 'Проверьте номер телефона в профиле: он должен начинаться с +7. Если код не пришёл за 2 минуты, запросите вход по ключу или звонок.' },
  { title: 'Роли пользователей и права доступа', category: 'access', keywords: 'роль, доступ, пользователь', state: 'published', body: 'В разделе «Настройки → Пользователи» выберите роль: «Администратор», «Бухгалтер» или «Только отчёты».' },
  { title: 'Выгрузка отчётов в Excel', category: 'question', keywords: 'excel, выгрузка, отчёт', state: 'published', body: 'Откройте отчёт, нажмите «Экспорт» и выберите формат XLSX. Для периодов больше года выгрузка приходит на почту.' },
  { title: 'Настройка обмена с 1С', category: 'integration', keywords: '1с, обмен, токен', state: 'published', body: 'Создайте токен обмена в «Интеграциях», вставьте его в обработку 1С. Токен действует 90 дней.' },
  { title: 'Авторизация в API', category: 'integration', keywords: 'api, ключ, 401, authorization', state: 'published', body: 'Передавайте ключ в заголовке Authorization: Bearer <ключ>. Ключ в строке запроса не принимается.' },
  { title: 'Оплата и продление тарифа', category: 'billing', keywords: 'оплата, счёт, тариф', state: 'published', body: 'Указывайте номер счёта в назначении платежа — тогда тариф продлится автоматически в течение часа.' },
  { title: 'Инвентаризация: частые ошибки', category: 'bug', keywords: 'склад, инвентаризация, остатки', state: 'draft', body: 'Не проводите документ инвентаризации повторно: перед проведением проверьте журнал документов.' },
  { title: 'Старая инструкция по обмену с банком', category: 'integration', keywords: 'банк, выписка', state: 'archived', body: 'Инструкция для прежнего адреса банковского сервиса. Используйте новую статью.' },
];

const SLA_POLICIES = [
  { name: 'Критический: ответ 1 ч, решение 4 ч', priority: 'critical', first_response_hours: 1, resolution_hours: 4 },
  { name: 'Высокий: ответ 2 ч, решение 8 ч', priority: 'high', first_response_hours: 2, resolution_hours: 8 },
  { name: 'Обычный: ответ 8 ч, решение 48 ч', priority: 'normal', first_response_hours: 8, resolution_hours: 48 },
  { name: 'Низкий: ответ 24 ч, решение 120 ч', priority: 'low', first_response_hours: 24, resolution_hours: 120 },
];

/**
 * The scenario each ticket plays, in order: the first ones are fixed so every automation has demo
 * tickets to fire on (critical tickets still open, one not yet answered, resolved ones to close);
 * the rest are drawn from the seed.
 */
const FIXED_TICKETS: Array<{ priority: string; status: string }> = [
  { priority: 'critical', status: 'new' },
  { priority: 'critical', status: 'in_progress' },
  { priority: 'critical', status: 'resolved' },
  { priority: 'high', status: 'new' },
  { priority: 'high', status: 'waiting' },
  { priority: 'normal', status: 'resolved' },
  { priority: 'normal', status: 'resolved' },
  { priority: 'low', status: 'closed' },
];

export function generateSupportDemo(): SupportDemo {
  const faker = new Faker({ locale: [ru, en, base] });
  faker.seed(SEED);

  const person = (sex: 'male' | 'female'): { first: string; last: string } => ({
    first: faker.helpers.arrayElement(sex === 'male' ? MALE_NAMES : FEMALE_NAMES),
    last: faker.person.lastName(sex),
  });
  const emailOf = (p: { first: string; last: string }): string => `${latin(p.first)}.${latin(p.last)}@support.example.com`;
  const staff = (sex: 'male' | 'female', roles: string[], team: string, manager?: string): TemplateUser => {
    const p = person(sex);
    return { email: emailOf(p), name: `${p.first} ${p.last}`, roles, team, ...(manager ? { manager } : {}) };
  };

  const head = staff('female', ['support_head'], 'Служба поддержки');
  const lead1 = staff('male', ['team_lead'], 'Первая линия', head.email);
  const lead2 = staff('female', ['team_lead'], 'Вторая линия', head.email);
  const line1 = [staff('female', ['support_agent'], 'Первая линия', lead1.email), staff('male', ['support_agent'], 'Первая линия', lead1.email), staff('female', ['support_agent'], 'Первая линия', lead1.email)];
  const line2 = [staff('male', ['support_agent'], 'Вторая линия', lead2.email), staff('male', ['support_agent'], 'Вторая линия', lead2.email)];
  const users = [head, lead1, lead2, ...line1, ...line2];
  const teams: TemplateTeam[] = [
    { name: 'Служба поддержки', manager: head.email },
    { name: 'Первая линия', parent: 'Служба поддержки', manager: lead1.email },
    { name: 'Вторая линия', parent: 'Служба поддержки', manager: lead2.email },
  ];

  const inns = new Set<string>();
  const customers: Row[] = COMPANY_ROOTS.slice(0, 12).map((root, i) => {
    const form = faker.helpers.arrayElement(COMPANY_FORMS);
    const contact = person(faker.helpers.arrayElement(['male', 'female']));
    let inn = '';
    do inn = `77${faker.string.numeric(form === 'ИП' ? 10 : 8)}`;
    while (inns.has(inn));
    inns.add(inn);
    return {
      $key: `customer${i}`,
      // An individual entrepreneur trades under their own name.
      name: form === 'ИП' ? `ИП ${contact.last} ${contact.first}` : `${form} «${root}»`,
      inn,
      contact_person: `${contact.first} ${contact.last}`,
      email: form === 'ИП' ? `${latin(contact.last)}.${latin(contact.first)}@client.example.ru` : `${latin(root)}@client.example.ru`,
      phone: `+7 9${faker.string.numeric(2)} ${faker.string.numeric(3)}-${faker.string.numeric(2)}-${faker.string.numeric(2)}`,
      city: faker.helpers.arrayElement(['Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург', 'Новосибирск', 'Нижний Новгород', 'Самара']),
      plan: faker.helpers.weightedArrayElement([
        { value: 'standard', weight: 5 },
        { value: 'business', weight: 3 },
        { value: 'enterprise', weight: 2 },
      ]),
    };
  });

  const articles: Row[] = KB_ARTICLES.map((a, i) => ({
    $key: `kb${i}`,
    ...a,
    helpful_count: a.state === 'published' ? faker.number.int({ min: 3, max: 140 }) : 0,
    owner: faker.helpers.arrayElement([...line1, ...line2, lead1, lead2]).email,
  }));

  const tickets: Row[] = [];
  const surveys: Row[] = [];
  const total = 28;
  for (let i = 0; i < total; i += 1) {
    const fixed = FIXED_TICKETS[i];
    const topic = faker.helpers.arrayElement(SUBJECTS);
    const priority = fixed?.priority ?? faker.helpers.weightedArrayElement([
      { value: 'low', weight: 3 },
      { value: 'normal', weight: 6 },
      { value: 'high', weight: 2 },
    ]);
    const status = fixed?.status ?? faker.helpers.weightedArrayElement([
      { value: 'new', weight: 2 },
      { value: 'in_progress', weight: 4 },
      { value: 'waiting', weight: 2 },
      { value: 'closed', weight: 4 },
    ]);
    // Technical topics go to the second line, the rest to the first.
    const line = topic.category === 'integration' || topic.category === 'bug' ? line2 : line1;
    const owner = faker.helpers.arrayElement(line);
    const customer = faker.helpers.arrayElement(customers);
    const done = status === 'resolved' || status === 'closed';
    const article = articles.find((a) => a['category'] === topic.category && a['state'] === 'published');
    tickets.push({
      $key: `ticket${i}`,
      subject: topic.subject,
      description: topic.text,
      customer: { $key: customer['$key'] },
      channel: faker.helpers.arrayElement(['email', 'email', 'phone', 'portal', 'chat']),
      category: topic.category,
      priority,
      status,
      ...(done || status === 'in_progress' ? { resolution: done ? topic.resolution : 'Воспроизвели, разбираемся.' } : {}),
      ...(done && article ? { kb_article: { $key: article['$key'] } } : {}),
      owner: owner.email,
    });
    if (status === 'closed') {
      const rating = faker.helpers.weightedArrayElement([
        { value: 5, weight: 6 },
        { value: 4, weight: 3 },
        { value: 3, weight: 1 },
        { value: 2, weight: 1 },
      ]);
      const daysBefore = faker.number.int({ min: 1, max: 25 });
      surveys.push({
        title: `Оценка: ${topic.subject}`,
        ticket: { $key: `ticket${i}` },
        customer: { $key: customer['$key'] },
        rating,
        comment: rating >= 4 ? faker.helpers.arrayElement(['Спасибо, быстро помогли!', 'Всё понятно объяснили.', 'Отлично, вопрос закрыт.']) : 'Решили, но пришлось ждать дольше обещанного.',
        // The hour was drawn in UTC; Moscow is UTC+3 all year.
        answered_at: { $today: `-P${daysBefore}DT${faker.number.int({ min: 6, max: 15 }) + 3}H${faker.helpers.arrayElement(['5', '20', '35', '50'])}M` },
        owner: owner.email,
      });
    }
  }
  return {
    teams,
    users,
    data: { sla_policy: SLA_POLICIES, customer: customers, kb_article: articles, ticket: tickets, survey: surveys },
  };
}
