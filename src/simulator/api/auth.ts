/** POST /auth: exchanges login and password for the current user token. */
import { errorReply, ok } from '../http/envelope.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { bodyObject } from './common.js';

function auth(ctx: Ctx) {
  const body = bodyObject(ctx);
  if (typeof body.login !== 'string' || typeof body.password !== 'string') {
    return errorReply(422, 'login and password are required', { login: ['required'], password: ['required'] });
  }
  if (body.login !== ctx.options.login || body.password !== ctx.options.password) {
    return errorReply(401, 'Incorrect login or password');
  }
  return ok(
    {
      id: 1,
      user_token: ctx.world.userToken,
      name: 'Demo Owner',
      phone: '+13155550100',
      login: ctx.options.login,
      email: ctx.options.login.includes('@') ? ctx.options.login : '',
      avatar: 'https://assets.example.com/no-avatar.png',
      is_approved: true,
      is_email_confirmed: true,
    },
    [],
    201,
  );
}

export const authRoutes: Route[] = [route('POST', '/auth', auth, 'partner')];
