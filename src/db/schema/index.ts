export * from './_columns.js';
export * from './locations.js';
export * from './clients.js';
export * from './sync.js';
