// Wraps the theme's Mermaid diagram in a marker that exists in the server-rendered HTML, so the
// browser test (tools/site-test.ts) can check that every diagram turned into an SVG.
import React from 'react';
import Mermaid from '@theme-original/Mermaid';
import type MermaidType from '@theme/Mermaid';
import type { WrapperProps } from '@docusaurus/types';

type Props = WrapperProps<typeof MermaidType>;

export default function MermaidWrapper(props: Props): React.JSX.Element {
  return (
    <div data-mermaid-diagram="">
      <Mermaid {...props} />
    </div>
  );
}
