// Components every chapter can use without an import, e.g. <VirtualClockPlayground /> or
// <RaftPlayground seed={7} />.
import MDXComponents from '@theme-original/MDXComponents';
import VirtualClockPlayground from '@site/src/components/Playgrounds/VirtualClockPlayground';
import RaftPlayground from '@site/src/components/Playgrounds/RaftPlayground';

export default {
  ...MDXComponents,
  VirtualClockPlayground,
  RaftPlayground,
};
