// GET /avatars/<id>.png: persona avatars, and nothing else. Only ids of the stored shape are looked up
// (no paths, no other keys), always answered as PNG with `nosniff`; an id's bytes never change, so
// clients and Discord's media proxy may keep them for a year.
import type { HttpHandler, HttpRoutes } from '../http/http-server.js';
import type { AvatarStore } from './avatar-store.js';

/** A year: content-addressed images never change under their URL. */
const AVATAR_MAX_AGE_S = 365 * 24 * 60 * 60;

const NAME = /^([a-f0-9]{32})\.png$/;

export function avatarHandler(store: Pick<AvatarStore, 'get'>): HttpHandler {
  return async (request) => {
    const id = NAME.exec(request.rest)?.[1];
    const png = id === undefined ? undefined : await store.get(id);
    if (!png) return { status: 404, body: 'no such avatar\n' };
    const etag = `"${id}"`;
    const headers = {
      'content-type': 'image/png',
      'cache-control': `public, max-age=${AVATAR_MAX_AGE_S}, immutable`,
      etag,
      'x-content-type-options': 'nosniff',
    };
    if (request.headers['if-none-match'] === etag) return { status: 304, headers, body: '' };
    return { status: 200, headers, body: png };
  };
}

export function mountAvatarRoute(routes: HttpRoutes, store: Pick<AvatarStore, 'get'>): void {
  routes.get('/avatars/*', avatarHandler(store));
}
