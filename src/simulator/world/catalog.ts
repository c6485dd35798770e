/**
 * Fixed vocabularies of the generated world. Names deliberately mix scripts, emoji,
 * quotes and SQL-looking text: a warehouse that stores them byte-exact is correct.
 */

export interface ZoneProfile {
  zone: string;
  title: string;
  currency: string;
  symbol: string;
  /** Money granularity in milli-units. */
  unit: number;
  priceScale: number;
  country: string;
  city: string;
  address: string;
  phoneCountry: string;
  phoneArea: string;
  lat: number;
  lon: number;
}

/**
 * Location 1 has DST in the northern hemisphere, location 2 is far east of UTC (its
 * local day starts the previous UTC evening), location 3 is near UTC with DST.
 */
export const ZONES: readonly ZoneProfile[] = [
  { zone: 'America/New_York', title: 'Brooklyn Hair Studio', currency: 'USD', symbol: '$', unit: 10, priceScale: 1, country: 'United States', city: 'New York', address: '215 Bedford Ave', phoneCountry: '1', phoneArea: '315', lat: 40.7175, lon: -73.9575 },
  { zone: 'Asia/Tokyo', title: '銀座サロン Ginza', currency: 'JPY', symbol: '¥', unit: 1000, priceScale: 150, country: 'Japan', city: 'Tokyo', address: '4-6-16 Ginza, Chuo-ku', phoneCountry: '81', phoneArea: '90', lat: 35.6717, lon: 139.765 },
  { zone: 'Europe/London', title: "Soho Nails & Spa", currency: 'GBP', symbol: '£', unit: 10, priceScale: 0.8, country: 'United Kingdom', city: 'London', address: '12 Greek Street', phoneCountry: '44', phoneArea: '7700', lat: 51.5137, lon: -0.1318 },
  { zone: 'Pacific/Auckland', title: 'Ponsonby Barbers', currency: 'NZD', symbol: '$', unit: 10, priceScale: 1.7, country: 'New Zealand', city: 'Auckland', address: '88 Ponsonby Road', phoneCountry: '64', phoneArea: '21', lat: -36.8485, lon: 174.7633 },
  { zone: 'America/Los_Angeles', title: 'Venice Beach Beauty', currency: 'USD', symbol: '$', unit: 10, priceScale: 1.1, country: 'United States', city: 'Los Angeles', address: '1500 Abbot Kinney Blvd', phoneCountry: '1', phoneArea: '310', lat: 33.99, lon: -118.465 },
  { zone: 'Europe/Berlin', title: 'Friseur Kreuzberg', currency: 'EUR', symbol: '€', unit: 10, priceScale: 0.95, country: 'Germany', city: 'Berlin', address: 'Oranienstraße 25', phoneCountry: '49', phoneArea: '151', lat: 52.5015, lon: 13.4183 },
];

/** The currency object the analytics print in each income block (`currency: {id, iso, ...}`). */
export const CURRENCIES: Readonly<Record<string, { id: number; name: string; symbolAfterAmount: boolean }>> = {
  USD: { id: 1, name: 'US Dollar', symbolAfterAmount: false },
  JPY: { id: 4, name: 'Japanese Yen', symbolAfterAmount: false },
  GBP: { id: 3, name: 'Pound Sterling', symbolAfterAmount: false },
  NZD: { id: 5, name: 'New Zealand Dollar', symbolAfterAmount: false },
  EUR: { id: 2, name: 'Euro', symbolAfterAmount: true },
};

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Olivia', 'Noah', 'Emma', 'Liam', 'Sophia', 'Customer', 'Иван', 'Мария', 'Алексей', 'Наталья',
  'محمد', 'فاطمة', 'أحمد', 'שרה', 'דוד', 'יעל', 'さくら', '健太', '陽菜', '李娜', '王伟', 'Zoë', 'Chloé', 'José',
  'Łukasz', 'Søren', 'Ngozi', 'Aarav', 'Saanvi', 'Mateo', 'Renée', "D'Angelo", 'Jean-Luc', 'Ömer', 'Björk',
  'Anna 💅🏽', '🦄 Unicorn', 'Nguyễn Thị', 'Ana María', 'O\'Neil', 'Zürich "Zed"',
];

export const SURNAMES: readonly string[] = [
  'Smith', 'Brown', 'Johnson', 'García', 'Müller', 'Иванов', 'Петрова', 'Кузнецов', 'الهاشمي', 'بن علي', 'כהן',
  'לוי', '佐藤', '鈴木', '高橋', '张', "O'Brien", 'Núñez', 'Dvořák', 'Kowalski', 'Al-Farsi', 'van der Berg',
  '"The Rock"', 'Back\\slash', '', '', 'Tanaka', 'Okafor', 'Schmidt-Weiß',
];

export const STAFF_NAMES: readonly string[] = [
  'Robert Brown', 'Anna Ivanova', 'Yuki Sato', 'Amelia Clarke', 'Carlos Mendes', 'Fatima Zahra', 'Noa Levi',
  'Jack O\'Connor', 'Mei Chen', 'Olga Smirnova', 'Priya Patel', 'Tom Becker', 'Lucía Ortega', 'Sam Taylor',
];

export const POSITIONS: readonly string[] = ['Stylist', 'Senior stylist', 'Nail technician', 'Massage therapist', 'Barber', 'Cosmetologist'];

/** [title, USD price, duration in seconds]; prices in cents on purpose (35.5, 1816.88). */
export const SERVICE_CATALOG: ReadonlyArray<{ title: string; services: ReadonlyArray<readonly [string, number, number]> }> = [
  {
    title: 'Hair',
    services: [
      ["Women's haircut", 45, 3600],
      ["Men's haircut", 30, 1800],
      ['Highlighting from 9 strands', 120, 7200],
      ['Keratin treatment', 1816.88, 10800],
      ['Blow-dry', 35.5, 2700],
    ],
  },
  {
    title: 'Nails',
    services: [
      ['Manicure', 25, 2700],
      ['Gel polish', 40.25, 3600],
      ['Pedicure', 45.99, 3600],
    ],
  },
  {
    title: 'Massage & Spa',
    services: [
      ['Massage 60 min', 80, 3600],
      ['Hot stone massage', 110.1, 5400],
      ['Facial', 95, 3600],
    ],
  },
  {
    title: 'Barbershop',
    services: [
      ['Beard trim', 19.99, 1800],
      ['Royal shave', 39, 2700],
      ["Kids' haircut «Junior»", 22.5, 1800],
    ],
  },
];

export const GOODS_CATALOG: ReadonlyArray<readonly [string, number]> = [
  ['Spray For Hair', 15],
  ['Shampoo 250 ml', 22.4],
  ['Hand cream', 9.95],
  ['Beard oil', 18.5],
  ['Gift box', 49],
];

export const ACCOUNT_CATALOG: ReadonlyArray<readonly [string, 0 | 1]> = [
  ['Cash', 0],
  ['Cards', 1],
  ['Location account', 1],
];

export const CLIENT_CATEGORIES: ReadonlyArray<readonly [string, string]> = [
  ['Black list', '#0f0f0f'],
  ['VIP', '#e8d313'],
  ['Regular', '#3aa757'],
  ['Новый клиент', '#1e88e5'],
];

/** Titles under which the Z-report groups discounts (`paids.discount`). */
export const DISCOUNT_TITLES: readonly string[] = ['Promotion Discount', 'Advance Discount', 'Loyalty card discount'];

export const DISCOUNT_PERCENTS: readonly number[] = [5, 10, 12.5, 15, 20];

export const EXPENSES: ReadonlyArray<readonly [number, string, number]> = [
  [11, 'Rent', 300],
  [12, 'Supplies', 42.37],
  [13, 'Utilities', 75.5],
];

export const GENDERS: readonly string[] = ['unknown', 'male', 'female'];
export const IMPORTANCE: readonly string[] = ['No importance class', 'Bronze', 'Silver', 'Gold'];
