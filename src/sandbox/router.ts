// Matches a method and a path below /api/1.0 to a route and its path parameters.
import type { RouteDef } from './context.js';

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

interface Compiled {
  route: RouteDef;
  segments: string[];
}

export interface Router {
  match(method: string, path: string): RouteMatch | undefined;
  /** Whether any route has this path, whatever the method. */
  hasPath(path: string): boolean;
}

export function createRouter(routes: RouteDef[]): Router {
  const compiled: Compiled[] = routes.map((route) => ({
    route,
    segments: route.template.split('/').slice(1),
  }));
  const matchPath = (c: Compiled, parts: string[]): Record<string, string> | undefined => {
    if (parts.length !== c.segments.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const seg = c.segments[i]!;
      const part = parts[i]!;
      if (seg.startsWith('{')) {
        if (part === '') return undefined;
        try {
          params[seg.slice(1, -1)] = decodeURIComponent(part);
        } catch {
          return undefined;
        }
      } else if (seg !== part) return undefined;
    }
    return params;
  };
  const split = (path: string) =>
    (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/').slice(1);
  return {
    match(method, path) {
      const parts = split(path);
      for (const c of compiled) {
        if (c.route.method !== method) continue;
        const params = matchPath(c, parts);
        if (params) return { route: c.route, params };
      }
      return undefined;
    },
    hasPath(path) {
      const parts = split(path);
      return compiled.some((c) => matchPath(c, parts) !== undefined);
    },
  };
}
