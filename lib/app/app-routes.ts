/**
 * The public routes of an app: its host to its main Service and, where the release strategy runs a version before it
 * takes traffic (blue-green's idle slot), its preview host to the preview Service. Both the app's HTTPRoutes and the
 * cluster Gateway's listeners are built from this list, so a route always has its listener.
 */
import { App, AppPort } from './app-model';
import { strategyFor } from './release/registry';

/** One host of an app, routed to one of its Services. */
export interface AppRoute {
  /** Name of the HTTPRoute: `<app>`, or the preview Service's name (`<app>-preview`). */
  readonly name: string;
  readonly host: string;
  /** Path prefix. */
  readonly path: string;
  /** The Service the host is routed to. */
  readonly service: string;
  /** The published port (the Service exposes it under the same number). */
  readonly port: AppPort;
  /** Whether the route leads to a version that does not take the app's traffic yet. */
  readonly preview: boolean;
}

/** The routes of a published app (none when it publishes no port); the main route first. */
export function appRoutes(app: App): AppRoute[] {
  const ingress = app.ingress;
  if (!ingress || app.ports.length === 0) return [];
  const services = strategyFor(app.release.kind).services(app);
  const main: AppRoute = { name: app.name, host: ingress.host, path: ingress.path, service: services[0].name, port: ingress.port, preview: false };
  const previews = services.filter((s) => s.preview).map((s): AppRoute => ({
    name: s.name, host: ingress.previewHost, path: ingress.path, service: s.name, port: ingress.port, preview: true,
  }));
  return [main, ...previews];
}
