import { Construct } from 'constructs';
import { App } from '../app/app-model';
import { Application } from '../app/application';
import { EnvironmentScopedChart, EnvironmentScopedChartProps } from './environment-scoped-chart';

/** Props of {@link AppChart}. */
export interface AppChartProps extends EnvironmentScopedChartProps {
  /** The app, resolved for this environment. */
  readonly app: App;
}

/**
 * One app of one environment, in a chart of its own (`dist/<environment>/app-<name>.k8s.yaml`), so each app's objects
 * review and apply apart; placed on the environment's node pool like everything else of the environment.
 */
export class AppChart extends EnvironmentScopedChart {
  /** The app's construct. */
  public readonly application: Application;

  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, props);
    const env = props.environment;
    this.application = new Application(this, 'App', {
      app: props.app,
      ingressControllerNamespace: env.cluster.ingress.namespace,
      gateway: env.cluster.gateway,
      monitoringNamespace: env.cluster.monitoring.namespace,
      prometheusOperator: env.cluster.monitoring.prometheusOperator,
      strictZoneSpread: env.protected,
    });
    this.addPlacement();
  }
}
