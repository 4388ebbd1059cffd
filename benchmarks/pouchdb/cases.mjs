// Deterministic synthetic "case" documents (about 2 KB of JSON each) for the PouchDB baseline.
// Everything is drawn from a seeded PRNG out of short made-up lists: names are common Ukrainian
// first names, patronymics and surnames combined at random, streets and settlements are generic
// or invented, identifiers are random digits. No real people, never derived from real data.

const SURNAMES_M = ['Коваленко', 'Бондаренко', 'Ткаченко', 'Шевчук', 'Кравчук', 'Мельник', 'Олійник',
  'Поліщук', 'Бойко', 'Лисенко', 'Марченко', 'Руденко', 'Савченко', 'Петренко', 'Гончаренко',
  'Ковальський', 'Зайченко', 'Литвиненко', 'Кушнір', 'Приходько', 'Мороз', 'Павленко', 'Симоненко'];
const FIRST_M = ['Олександр', 'Андрій', 'Сергій', 'Дмитро', 'Володимир', 'Юрій', 'Микола', 'Іван',
  'Віктор', 'Богдан', 'Тарас', 'Олег', 'Петро', 'Василь', 'Максим', 'Роман', 'Ярослав', 'Степан'];
const FIRST_F = ['Олена', 'Наталія', 'Ірина', 'Тетяна', 'Оксана', 'Світлана', 'Марія', 'Людмила',
  'Юлія', 'Галина', 'Ганна', 'Катерина', 'Валентина', 'Надія', 'Софія', 'Дарина', 'Вікторія'];
const PATRONYMIC_ROOTS = ['Олександр', 'Андрі', 'Сергі', 'Дмитр', 'Володимир', 'Юрі', 'Микола', 'Іван',
  'Віктор', 'Богдан', 'Тарас', 'Олег', 'Петр', 'Василь', 'Степан'];
const ORIGINS = [
  ['Донецька', 'Бахмутський', 'с. Зелена Балка'], ['Донецька', 'Покровський', 'смт Тихий Яр'],
  ['Луганська', 'Сєвєродонецький', 'с. Степове'], ['Харківська', 'Куп’янський', 'с. Вишнева Долина'],
  ['Запорізька', 'Пологівський', 'с. Ясна Поляна'], ['Херсонська', 'Бериславський', 'с. Тополине'],
  ['Харківська', 'Ізюмський', 'с. Кленове'], ['Донецька', 'Краматорський', 'смт Сонячне'],
];
const CITIES = [['Київ', '01001'], ['Львів', '79000'], ['Вінниця', '21000'], ['Дніпро', '49000'],
  ['Полтава', '36000'], ['Житомир', '10000'], ['Черкаси', '18000'], ['Івано-Франківськ', '76000'],
  ['Хмельницький', '29000'], ['Ужгород', '88000'], ['Рівне', '33000'], ['Чернівці', '58000']];
const STREETS = ['вул. Садова', 'вул. Шкільна', 'вул. Лісова', 'вул. Миру', 'вул. Центральна',
  'вул. Польова', 'вул. Зелена', 'вул. Молодіжна', 'вул. Квітнева', 'просп. Незалежності', 'вул. Весняна'];
const RELATIONS = ['дружина', 'чоловік', 'син', 'донька', 'мати', 'батько', 'онук', 'онука', 'сестра', 'брат'];
const VULN = ['child', 'older_person', 'disability_2', 'chronic_illness', 'low_income', 'single_parent',
  'veteran_family', 'pregnant'];
const NEED_DOMAINS = ['shelter', 'food', 'health', 'cash', 'legal_documentation', 'education', 'psychosocial',
  'winterization', 'employment', 'hygiene'];
const NEED_TEXT = {
  shelter: 'Потрібне тимчасове житло на зимовий період, зараз родина мешкає у знайомих.',
  food: 'Нерегулярне харчування, просять продуктові набори на місяць.',
  health: 'Потрібна консультація лікаря та ліки для хронічного захворювання.',
  cash: 'Немає стабільного доходу, просять багатоцільову грошову допомогу.',
  legal_documentation: 'Втрачено паспорт і свідоцтво про народження дитини, потрібна правова допомога.',
  education: 'Дитині потрібне місце в школі та шкільне приладдя.',
  psychosocial: 'Ознаки сильного стресу після евакуації, погоджуються на консультацію психолога.',
  winterization: 'Немає теплого одягу та обігрівача, квартира погано опалюється.',
  employment: 'Шукає роботу за фахом, цікавиться курсами перекваліфікації.',
  hygiene: 'Потрібні гігієнічні набори для всієї родини.',
};
const JOURNAL = [
  'Зустріч у громадському центрі. Обговорили поточну ситуацію родини та нагальні потреби.',
  'Родина повідомила, що отримала довідку ВПО, але виплати ще не надходили.',
  'Домовились про повторний дзвінок через тиждень, щоб перевірити стан справ.',
  'Передано направлення до партнерської організації щодо правової допомоги.',
  'Заявник скаржиться на погане самопочуття, рекомендовано звернутися до сімейного лікаря.',
  'Діти відвідують школу дистанційно, потрібен ноутбук або планшет.',
  'Проведено оцінку житлових умов: одна кімната на п’ятьох, немає гарячої води.',
  'Узгоджено план дій на наступний місяць, заявник погодився з пріоритетами.',
];
const STATUSES = ['open', 'open', 'open', 'in_progress', 'in_progress', 'on_hold', 'closed'];
const PRIORITIES = ['low', 'normal', 'normal', 'high', 'urgent'];
const CASEWORKERS = ['cw-hanna', 'cw-taras', 'cw-oksana', 'cw-bohdan', 'cw-iryna'];

function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w) => String(n).padStart(w, '0');

function makeRng(seed, index) {
  const r = mulberry32((seed * 1000003 + index * 7919 + 17) >>> 0);
  const int = (n) => Math.floor(r() * n);
  return {
    r, int,
    pick: (list) => list[int(list.length)],
    digits: (n) => Array.from({ length: n }, () => int(10)).join(''),
    date: (fromYear, toYear) => `${fromYear + int(toYear - fromYear + 1)}-${pad(1 + int(12), 2)}-${pad(1 + int(28), 2)}`,
    phone: () => `+380${['50', '63', '67', '68', '73', '93', '95', '97', '99'][int(9)]}${pad(int(1e7), 7)}`,
  };
}

function person(g, sex) {
  const female = sex === 'female';
  let surname = g.pick(SURNAMES_M);
  if (female && surname.endsWith('ський')) surname = surname.slice(0, -2) + 'а';
  const root = g.pick(PATRONYMIC_ROOTS);
  const patronymic = root + (female ? (/[ія]$/.test(root) ? 'ївна' : 'івна') : (/[ія]$/.test(root) ? 'йович' : 'ович'));
  return { surname, first_name: g.pick(female ? FIRST_F : FIRST_M), patronymic };
}

/** The `index`-th synthetic case document of a seeded series (same seed and index, same document). */
export function makeCase(index, seed = 1) {
  const g = makeRng(seed, index);
  const sex = g.r() < 0.62 ? 'female' : 'male';
  const head = person(g, sex);
  const [oblast, raion, settlement] = g.pick(ORIGINS);
  const [city, postal] = g.pick(CITIES);
  const created = g.date(2022, 2024);
  const household = [];
  const members = 1 + g.int(3);
  for (let i = 0; i < members; i++) {
    const msex = g.r() < 0.5 ? 'female' : 'male';
    const p = person(g, msex);
    household.push({
      member_id: `m-${pad(index, 6)}-${i + 1}`, ...p, surname: head.surname, sex: msex,
      relation: g.pick(RELATIONS), birth_date: g.date(1945, 2023),
      vulnerabilities: g.r() < 0.4 ? [g.pick(VULN)] : [],
    });
  }
  const needs = [];
  const nNeeds = 1 + g.int(3);
  for (let i = 0; i < nNeeds; i++) {
    const domain = NEED_DOMAINS[(index + i * 3 + g.int(2)) % NEED_DOMAINS.length];
    needs.push({ domain, severity: 1 + g.int(4), status: g.pick(['identified', 'referred', 'met']),
      description: NEED_TEXT[domain] });
  }
  const caseworker = g.pick(CASEWORKERS);
  return {
    _id: `case-${pad(seed, 2)}-${pad(index, 7)}`,
    type: 'case',
    case_number: `ПР-${created.slice(0, 4)}-${pad(index + 1, 6)}`,
    status: g.pick(STATUSES),
    priority: g.pick(PRIORITIES),
    caseworker,
    created_at: `${created}T${pad(8 + g.int(10), 2)}:${pad(g.int(60), 2)}:00Z`,
    updated_at: `${created}T18:00:00Z`,
    head: {
      ...head, sex, birth_date: g.date(1940, 2004), phone: g.phone(),
      rnokpp: g.digits(10), idp_certificate: `${pad(1 + g.int(9999), 4)}-${g.digits(10)}`,
      vulnerabilities: g.r() < 0.5 ? [g.pick(VULN), g.pick(VULN)] : [g.pick(VULN)],
    },
    displacement: { origin: { oblast, raion, settlement }, displaced_on: g.date(2022, 2024), reason: 'hostilities' },
    address: { oblast: `${city} (обл.)`, city, street: g.pick(STREETS), building: String(1 + g.int(120)),
      apartment: g.r() < 0.7 ? String(1 + g.int(200)) : null, postal_code: postal },
    household,
    needs,
    journal: [{ at: `${created}T12:00:00Z`, author: caseworker, kind: g.pick(['visit', 'call', 'meeting']),
      text: `${g.pick(JOURNAL)} ${g.pick(JOURNAL)}` }],
    consent: { data_processing: true, sharing_with_partners: g.r() < 0.8, given_on: created },
    notes: '',
  };
}
