import { Testing } from 'cdk8s';
import { DEFAULT_PRIORITY_CLASSES } from '../../lib/cluster/cluster-defaults';
import { PriorityClasses } from '../../lib/cluster/priority-classes';

function synth(classes: ConstructorParameters<typeof PriorityClasses>[2]['classes']): any[] {
  const chart = Testing.chart();
  new PriorityClasses(chart, 'PriorityClasses', { classes });
  return Testing.synth(chart);
}

describe('PriorityClasses', () => {
  test('renders the global default last, so kubectl apply clears a previous default before it sets this one', () => {
    const objects = synth([
      { name: 'high', value: 100, description: 'High.', globalDefault: true, preempting: true },
      { name: 'mid', value: 50, description: 'Mid.', globalDefault: false, preempting: true },
      { name: 'low', value: 1, description: 'Low.', globalDefault: false, preempting: false },
    ]);

    expect(objects.map((o) => [o.metadata.name, o.globalDefault, o.preemptionPolicy])).toEqual([
      ['mid', false, 'PreemptLowerPriority'], ['low', false, 'Never'], ['high', true, 'PreemptLowerPriority'],
    ]);
  });

  test('keeps every construct id (a Terraform address) whatever the order', () => {
    const chart = Testing.chart();
    const classes = new PriorityClasses(chart, 'PriorityClasses', {
      classes: [{ name: 'a', value: 2, description: 'A.', globalDefault: true, preempting: true }, { name: 'b', value: 1, description: 'B.', globalDefault: false, preempting: true }],
    });

    expect(classes.node.children.map((c) => c.node.id)).toEqual(['b', 'a']);
  });

  test('by default, pods that name no class get the platform tier, which no application class ranks above', () => {
    const defaults = DEFAULT_PRIORITY_CLASSES.filter((pc) => pc.globalDefault);

    expect(defaults.map((pc) => pc.name)).toEqual(['platform']);
    const preemptingApps = DEFAULT_PRIORITY_CLASSES.filter((pc) => pc.name.startsWith('app-') && (pc.preempting ?? true));
    expect(preemptingApps.every((pc) => pc.value < defaults[0].value)).toBe(true);
  });
});
