// Starting points for the scheduler playground. Each is a small cluster and one pod, chosen so that
// one idea decides where the pod goes; the page's "What to try" list says what to change.
import { LabelTopologyZone, type NodeSpec, type PodSpec, type RunningPodSpec, type Scenario } from './scheduler-world';

export interface Preset {
  id: string;
  title: string;
  /** One or two sentences shown above the result. */
  blurb: string;
  scenario: () => Scenario;
}

const node = (name: string, zone: string, cpu: string, memory: string, rest: Partial<NodeSpec> = {}): NodeSpec => ({
  name, zone, cpu, memory, gpu: '', labels: '', taints: '', images: '', unschedulable: false, ...rest,
});

const pod = (rest: Partial<PodSpec>): PodSpec => ({
  name: 'web', labels: 'app=web', image: 'registry.example/web:1.0', cpu: '500m', memory: '512Mi', gpu: '', priority: '0', preemptNever: false, nodeSelector: '',
  required: [], preferred: [], tolerations: [], podTerms: [], ...rest,
});

const running = (name: string, nodeName: string, cpu: string, memory: string, rest: Partial<RunningPodSpec> = {}): RunningPodSpec => ({
  name, node: nodeName, labels: '', cpu, memory, priority: '0', ...rest,
});

export const PRESETS: readonly Preset[] = [
  {
    // The chapter's "Five nodes, one pod" (the seed's example, corrected), as notebooks/04-scheduler builds it.
    id: 'five-nodes',
    title: 'Five nodes, one pod',
    blurb:
      'The seed\'s example: a pod asking for 2 CPUs, 4 GiB and a GPU, on an SSD node (nodeSelector) in zone us-east-1a (required node affinity). Four nodes fail a filter; the one left is chosen without scoring.',
    scenario: () => ({
      nodes: [
        node('node-1', 'us-east-1a', '4', '16Gi', { gpu: '1', labels: 'disktype=ssd' }),
        node('node-2', 'us-east-1a', '4', '16Gi', { gpu: '2', labels: 'disktype=ssd' }),
        node('node-3', 'us-east-1a', '4', '8Gi', { gpu: '1', labels: 'disktype=ssd' }),
        node('node-4', 'us-east-1a', '4', '16Gi', { gpu: '1', labels: 'disktype=hdd' }),
        node('node-5', 'us-east-1b', '4', '16Gi', { gpu: '1', labels: 'disktype=ssd' }),
      ],
      running: [
        running('existing-1', 'node-1', '3', '4Gi'),
        running('existing-2', 'node-2', '1', '8Gi'),
        running('existing-3', 'node-3', '0', '6Gi'),
        running('existing-4', 'node-4', '1', '8Gi'),
        running('existing-5', 'node-5', '1', '8Gi'),
      ],
      pod: pod({
        name: 'training',
        labels: 'app=training',
        image: 'registry.example/training:2.1',
        cpu: '2',
        memory: '4Gi',
        gpu: '1',
        nodeSelector: 'disktype=ssd',
        required: [{ weight: 1, expressions: [{ key: LabelTopologyZone, operator: 'In', values: 'us-east-1a' }] }],
      }),
    }),
  },
  {
    // The chapter's "How scores are made" cluster.
    id: 'five-nodes-scored',
    title: 'Five nodes, scored',
    blurb:
      'A web pod that prefers SSD nodes (weight 80) and zone us-east-1b (weight 20); its image is already on two nodes, and node-3 has a PreferNoSchedule taint. Every node is feasible, so every score plugin has its say.',
    scenario: () => ({
      nodes: [
        node('node-1', 'us-east-1a', '4', '16Gi', { labels: 'disktype=ssd', images: 'registry.example/web:1.0=400Mi' }),
        node('node-2', 'us-east-1a', '4', '16Gi', { labels: 'disktype=ssd' }),
        node('node-3', 'us-east-1b', '4', '16Gi', { labels: 'disktype=ssd', taints: 'maintenance-soon=true:PreferNoSchedule' }),
        node('node-4', 'us-east-1a', '4', '16Gi', { labels: 'disktype=hdd' }),
        node('node-5', 'us-east-1b', '4', '16Gi', { labels: 'disktype=ssd', images: 'registry.example/web:1.0=400Mi' }),
      ],
      running: [
        running('busy-1', 'node-1', '3', '12Gi'),
        running('busy-2', 'node-2', '2', '4Gi'),
        running('busy-3', 'node-3', '1', '2Gi'),
        running('busy-4', 'node-4', '500m', '1Gi'),
        running('busy-5', 'node-5', '1', '8Gi'),
      ],
      pod: pod({
        cpu: '500m',
        memory: '1Gi',
        preferred: [
          { weight: 80, expressions: [{ key: 'disktype', operator: 'In', values: 'ssd' }] },
          { weight: 20, expressions: [{ key: LabelTopologyZone, operator: 'In', values: 'us-east-1b' }] },
        ],
      }),
    }),
  },
  {
    id: 'taints',
    title: 'Taints',
    blurb:
      'The big GPU node is tainted nvidia.com/gpu=present:NoSchedule, one node is cordoned, one has a PreferNoSchedule taint. The pod tolerates nothing, so it lands on a busy node.',
    scenario: () => ({
      nodes: [
        node('gpu-1', 'zone-a', '16', '64Gi', { gpu: '4', taints: 'nvidia.com/gpu=present:NoSchedule' }),
        node('node-a', 'zone-a', '4', '8Gi'),
        node('node-b', 'zone-b', '4', '8Gi', { taints: 'spot=true:PreferNoSchedule' }),
        node('node-c', 'zone-b', '8', '16Gi', { unschedulable: true }),
      ],
      running: [running('api-1', 'node-a', '2', '4Gi')],
      pod: pod({ cpu: '1', memory: '2Gi' }),
    }),
  },
  {
    id: 'zones',
    title: 'Zones, anti-affinity',
    blurb:
      'Two replicas of app=web already run, in zones a and b. The third must not share a zone with them (required anti-affinity on topology.kubernetes.io/zone): two identical nodes in zone c remain, and the seed breaks the tie.',
    scenario: () => ({
      nodes: ['a', 'b', 'c'].flatMap((z) => [1, 2].map((i) => node(`${z}-${i}`, `zone-${z}`, '4', '8Gi'))),
      running: [running('web-1', 'a-1', '500m', '512Mi', { labels: 'app=web' }), running('web-2', 'b-2', '500m', '512Mi', { labels: 'app=web' })],
      pod: pod({
        name: 'web-3',
        podTerms: [{ kind: 'anti-affinity', mode: 'required', weight: 100, selector: 'app=web', topologyKey: LabelTopologyZone }],
      }),
    }),
  },
  {
    id: 'preemption',
    title: 'Preemption',
    blurb:
      'Every node is full. A service pod of priority 1000 needs 2 CPUs: DefaultPreemption looks for the node where evicting the fewest, least important pods makes room.',
    scenario: () => ({
      nodes: [node('node-1', 'zone-a', '4', '16Gi'), node('node-2', 'zone-a', '4', '16Gi'), node('node-3', 'zone-b', '4', '16Gi')],
      running: [
        ...[1, 2, 3, 4].map((i) => running(`batch-${i}`, 'node-1', '1', '1Gi', { labels: 'app=batch', priority: '100' })),
        running('db-1', 'node-2', '2', '4Gi', { labels: 'app=db', priority: '2000' }),
        running('db-2', 'node-2', '2', '4Gi', { labels: 'app=db', priority: '2000' }),
        running('db-3', 'node-3', '1', '4Gi', { labels: 'app=db', priority: '2000' }),
        ...[5, 6].map((i) => running(`batch-${i}`, 'node-3', '1', '1Gi', { labels: 'app=batch', priority: '100' })),
      ],
      pod: pod({ name: 'checkout', labels: 'app=checkout', cpu: '2', memory: '2Gi', priority: '1000' }),
    }),
  },
  {
    id: 'node-affinity',
    title: 'Node affinity',
    blurb:
      'Required: a CPU generation greater than 3 and not a spot instance (Gt, NotIn); preferred: an SSD (weight 80) and any accelerator label at all (Exists, weight 20).',
    scenario: () => ({
      nodes: [
        node('old-1', 'zone-a', '8', '16Gi', { labels: 'cpu-generation=3, instance-lifecycle=on-demand, disktype=ssd' }),
        node('new-1', 'zone-a', '8', '16Gi', { labels: 'cpu-generation=5, instance-lifecycle=on-demand, disktype=hdd' }),
        node('new-2', 'zone-b', '8', '16Gi', { labels: 'cpu-generation=5, instance-lifecycle=on-demand, disktype=ssd' }),
        node('new-3', 'zone-b', '8', '16Gi', { labels: 'cpu-generation=4, instance-lifecycle=on-demand, accelerator=tpu' }),
        node('spot-1', 'zone-c', '8', '16Gi', { labels: 'cpu-generation=5, instance-lifecycle=spot, disktype=ssd' }),
      ],
      running: [],
      pod: pod({
        name: 'analytics',
        labels: 'app=analytics',
        cpu: '1',
        memory: '2Gi',
        required: [
          {
            weight: 1,
            expressions: [
              { key: 'cpu-generation', operator: 'Gt', values: '3' },
              { key: 'instance-lifecycle', operator: 'NotIn', values: 'spot' },
            ],
          },
        ],
        preferred: [
          { weight: 80, expressions: [{ key: 'disktype', operator: 'In', values: 'ssd' }] },
          { weight: 20, expressions: [{ key: 'accelerator', operator: 'Exists', values: '' }] },
        ],
      }),
    }),
  },
];

export const DEFAULT_PRESET = PRESETS[0]!;
