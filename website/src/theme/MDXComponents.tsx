// Components every chapter can use without an import, e.g. <VirtualClockPlayground /> or
// <RaftPlayground seed={7} /> or <SchedulerPlayground preset="taints" />.
import MDXComponents from '@theme-original/MDXComponents';
import VirtualClockPlayground from '@site/src/components/Playgrounds/VirtualClockPlayground';
import RaftPlayground from '@site/src/components/Playgrounds/RaftPlayground';
import SchedulerPlayground from '@site/src/components/Playgrounds/SchedulerPlayground';

export default {
  ...MDXComponents,
  VirtualClockPlayground,
  RaftPlayground,
  SchedulerPlayground,
};
