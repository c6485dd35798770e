/**
 * The simulator's internal model. Money fields are integer milli-units (see money.ts);
 * times are UTC epoch milliseconds in whole seconds. The API shapes are built from
 * these by the serialisers, so every endpoint reads the same facts.
 */
import type { Milli } from '../money.js';

export interface SimLocation {
  id: number;
  title: string;
  /** IANA zone (`timezone_name`). */
  zone: string;
  currency: string;
  currencySymbol: string;
  /** Money granularity in milli: 10 for cents, 1000 for yen. */
  unit: Milli;
  /** Scale of prices relative to USD (150 for JPY). */
  priceScale: number;
  country: string;
  city: string;
  address: string;
  phoneCountry: string;
  phoneArea: string;
  lat: number;
  lon: number;
}

export interface SimStaff {
  id: number;
  locId: number;
  name: string;
  specialization: string;
  positionId: number;
  positionTitle: string;
  fired: boolean;
  hidden: boolean;
  rating: number;
}

export interface SimServiceCategory {
  id: number;
  locId: number;
  title: string;
  weight: number;
}

export interface SimService {
  id: number;
  locId: number;
  categoryId: number;
  title: string;
  priceMin: Milli;
  priceMax: Milli;
  durationSec: number;
  active: boolean;
}

export interface SimAccount {
  id: number;
  locId: number;
  title: string;
  /** 0 cash, 1 non-cash. */
  type: 0 | 1;
}

export interface SimGood {
  id: number;
  locId: number;
  title: string;
  price: Milli;
}

export interface SimClientCategory {
  id: number;
  title: string;
  color: string;
}

export interface SimClient {
  id: number;
  locId: number;
  name: string;
  surname: string;
  patronymic: string;
  /** Digits only, with the country code; served as a number or a formatted string. */
  phone: string;
  email: string;
  card: string;
  /** "YYYY-MM-DD", the API's "0000-00-00", or null. */
  birthDate: string | null;
  genderId: 0 | 1 | 2;
  importanceId: 0 | 1 | 2 | 3;
  discount: number;
  categoryIds: number[];
  comment: string;
  smsCheck: 0 | 1;
  smsNot: 0 | 1;
  spent: Milli;
  paid: Milli;
  balance: Milli;
  visits: number;
  createdMs: number;
  changedMs: number;
  /** Deleted at the source: the API never lists it again and never says so. */
  deleted: boolean;
}

export interface SimPayment {
  /** Id of the financial transaction this payment appears as. */
  txId: number;
  accountId: number;
  amount: Milli;
}

/** A service line of a record, or a goods line (goods carry `goodsTxId`). */
export interface SimLine {
  kind: 'service' | 'good';
  /** Service id or good id. */
  itemId: number;
  /** Goods transaction id (goods only; 0 for services). */
  goodsTxId: number;
  title: string;
  quantity: number;
  firstCost: Milli;
  discountPercent: number;
  discount: Milli;
  /** first_cost - discount: what the client owes for the line. */
  cost: Milli;
  discountTitle: string | null;
  payments: SimPayment[];
}

export type Attendance = -1 | 0 | 1 | 2;
export type RecordSource = 'admin' | 'online' | 'mobile';

export interface SimRecord {
  id: number;
  locId: number;
  clientId: number | null;
  staffId: number;
  visitId: number;
  documentId: number;
  startMs: number;
  lengthSec: number;
  attendance: Attendance;
  lines: SimLine[];
  createdMs: number;
  changedMs: number;
  deleted: boolean;
  source: RecordSource;
  comment: string;
}

/**
 * Products bought without a visit: one goods transaction with its lines and
 * payments, and no record (the visits search shows it with visit_id 0, record_id 0).
 */
export interface SimGoodsSale {
  /** Goods transaction id; every line carries it as `goodsTxId`. */
  id: number;
  locId: number;
  clientId: number;
  staffId: number;
  documentId: number;
  atMs: number;
  /** Goods lines only. */
  lines: SimLine[];
  comment: string;
}

export interface SimExpense {
  txId: number;
  locId: number;
  accountId: number;
  /** Negative: money going out. */
  amount: Milli;
  atMs: number;
  expenseId: number;
  expenseTitle: string;
  comment: string;
}

export interface SimCardType {
  id: number;
  title: string;
  locIds: number[];
  programIds: number[];
}

export interface SimProgram {
  id: number;
  title: string;
  /** 1 discount, 2 cashback (accrual), 3 bonus. */
  typeId: number;
  typeTitle: string;
  percent: number;
  locIds: number[];
}

export interface SimLoyaltyCard {
  id: number;
  clientId: number;
  locId: number;
  typeId: number;
  number: string;
  balance: Milli;
  points: number;
  paidAmount: Milli;
  soldAmount: Milli;
  visitsCount: number;
  createdMs: number;
}

export interface SimLoyaltyTransaction {
  id: number;
  cardId: number;
  programId: number;
  locId: number;
  clientId: number;
  recordId: number;
  visitId: number;
  amount: Milli;
  /** 1 accrual, 2 withdrawal. */
  typeId: 1 | 2;
  /** Never served: the API's rows carry no timestamp; only the created_* filters use it. */
  atMs: number;
}

export interface SimMembershipType {
  id: number;
  title: string;
  cost: Milli;
  period: number;
  periodUnitId: 1 | 2 | 3 | 4;
  unitedBalance: boolean;
  servicesCount: number;
  services: Record<string, number>;
  serviceCategories: Record<string, number>;
  locIds: number[];
  archived: boolean;
}

export interface SimMembership {
  id: number;
  typeId: number;
  locId: number;
  clientId: number;
  number: string;
  cost: Milli;
  visitsLeft: number;
  statusId: 1 | 2 | 3 | 4;
  createdMs: number;
  expirationMs: number;
}

export interface SimGiftCardType {
  id: number;
  title: string;
  balance: Milli;
  isMulti: boolean;
  itemTypeId: 0 | 1 | 2 | 3 | 4;
  expirationTypeId: 0 | 1 | 2;
  expirationTimeout: number;
  allowEmptyCode: boolean;
}

export interface SimGiftCard {
  id: number;
  typeId: number;
  locId: number;
  clientId: number;
  number: string;
  balance: Milli;
  defaultBalance: Milli;
  statusId: 1 | 2 | 3 | 4;
  createdMs: number;
  expirationMs: number;
}

/** Everything that belongs to one location. */
export interface LocationData {
  loc: SimLocation;
  staff: SimStaff[];
  categories: SimServiceCategory[];
  services: SimService[];
  accounts: SimAccount[];
  goods: SimGood[];
  clientCategories: SimClientCategory[];
  clients: SimClient[];
  clientById: Map<number, SimClient>;
  records: SimRecord[];
  recordById: Map<number, SimRecord>;
  goodsSales: SimGoodsSale[];
  expenses: SimExpense[];
}

/** Chain-level (salon_group) loyalty data. */
export interface ChainData {
  id: number;
  title: string;
  cardTypes: SimCardType[];
  programs: SimProgram[];
  loyaltyCards: SimLoyaltyCard[];
  loyaltyTransactions: SimLoyaltyTransaction[];
  membershipTypes: SimMembershipType[];
  memberships: SimMembership[];
  giftCardTypes: SimGiftCardType[];
  giftCards: SimGiftCard[];
}
