// Components every chapter can use without an import, e.g. <VirtualClockPlayground />.
import MDXComponents from '@theme-original/MDXComponents';
import VirtualClockPlayground from '@site/src/components/Playgrounds/VirtualClockPlayground';

export default {
  ...MDXComponents,
  VirtualClockPlayground,
};
