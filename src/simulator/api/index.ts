/** Every route the simulator answers, below /api/v1. */
import type { Route } from '../http/router.js';
import { analyticsRoutes } from './analytics.js';
import { authRoutes } from './auth.js';
import { cardRoutes } from './cards.js';
import { clientRoutes } from './clients.js';
import { loyaltyAnalyticsRoutes } from './loyalty-analytics.js';
import { loyaltyRoutes } from './loyalty.js';
import { recordRoutes } from './records.js';
import { referenceRoutes } from './reference.js';
import { reportRoutes } from './reports.js';
import { visitRoutes } from './visits.js';

export const ROUTES: readonly Route[] = [
  ...authRoutes,
  ...referenceRoutes,
  ...clientRoutes,
  ...recordRoutes,
  ...visitRoutes,
  ...reportRoutes,
  ...analyticsRoutes,
  ...loyaltyAnalyticsRoutes,
  ...loyaltyRoutes,
  ...cardRoutes,
];
