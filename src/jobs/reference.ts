import { accounts, serviceCategories, services, staff } from '../db/schema/index.js';
import { extractReference } from '../extractors/reference.js';
import { bool, decimal, integer, objectField, text } from '../sync/map.js';
import { listStream } from './list-stream.js';

/** The reference listings of a location: one request each answers every row (see listStream). */

export const staffStream = listStream({
  name: 'staff',
  scope: 'location',
  description: 'team members, fired ones included (GET /company/{loc}/staff)',
  table: staff,
  fetch: (ctx, locationId) => extractReference(ctx.client, 'staff', locationId),
  columns: (r) => {
    const position = objectField(r.position);
    return {
      name: text(r.name, 'name'),
      specialization: text(r.specialization, 'specialization'),
      positionId: integer(position.id, 'position.id'),
      position: Object.keys(position).length > 0 ? position : null,
      fired: bool(r.fired, 'fired'),
      hidden: bool(r.hidden, 'hidden'),
      rating: decimal(r.rating, 'rating'),
      weight: integer(r.weight, 'weight'),
    };
  },
});

export const servicesStream = listStream({
  name: 'services',
  scope: 'location',
  description: 'services and their price ranges (GET /company/{loc}/services)',
  table: services,
  fetch: (ctx, locationId) => extractReference(ctx.client, 'services', locationId),
  columns: (r) => ({
    title: text(r.title, 'title'),
    categoryId: integer(r.category_id, 'category_id'),
    priceMin: decimal(r.price_min, 'price_min'),
    priceMax: decimal(r.price_max, 'price_max'),
    duration: integer(r.duration, 'duration'),
    active: bool(r.active, 'active'),
    weight: integer(r.weight, 'weight'),
    apiId: text(r.api_id, 'api_id'),
    comment: text(r.comment, 'comment'),
  }),
});

export const serviceCategoriesStream = listStream({
  name: 'service_categories',
  scope: 'location',
  description: 'service categories (GET /company/{loc}/service_categories)',
  table: serviceCategories,
  fetch: (ctx, locationId) => extractReference(ctx.client, 'serviceCategories', locationId),
  columns: (r) => ({
    title: text(r.title, 'title'),
    weight: integer(r.weight, 'weight'),
    apiId: text(r.api_id, 'api_id'),
  }),
});

export const accountsStream = listStream({
  name: 'accounts',
  scope: 'location',
  description: 'payment accounts: cash desks and terminals (GET /accounts/{loc})',
  table: accounts,
  fetch: (ctx, locationId) => extractReference(ctx.client, 'accounts', locationId),
  columns: (r) => ({
    title: text(r.title, 'title'),
    type: integer(r.type, 'type'),
    comment: text(r.comment, 'comment'),
    archived: bool(r.is_deleted, 'is_deleted'),
  }),
});

/** The four reference streams, in run order. */
export const REFERENCE_STREAMS = [staffStream, servicesStream, serviceCategoriesStream, accountsStream] as const;
