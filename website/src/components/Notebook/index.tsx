// Notebook output renderers, used by the MDX pages generated from notebooks/*.ipynb.
import React from 'react';
import clsx from 'clsx';
import { parseAnsi, stripAnsi } from './ansi';
import styles from './styles.module.css';

function AnsiText({ text }: { text: string }): React.JSX.Element {
  return (
    <>
      {parseAnsi(text).map((s, i) =>
        s.color === undefined && !s.bold ? (
          <React.Fragment key={i}>{s.text}</React.Fragment>
        ) : (
          <span key={i} className={clsx(s.color !== undefined && styles[`ansi${s.color}`], s.bold && styles.bold)}>
            {s.text}
          </span>
        ),
      )}
    </>
  );
}

function Output({ kind, children }: { kind: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className={clsx(styles.output, styles[kind])} data-nb-output={kind}>
      {children}
    </div>
  );
}

/** stdout, stderr, or a plain-text result. */
export function TextOutput({ text, variant }: { text: string; variant: 'stdout' | 'stderr' | 'result' }): React.JSX.Element {
  return (
    <Output kind={variant}>
      <pre className={styles.pre}>
        <AnsiText text={text.replace(/\n$/, '')} />
      </pre>
    </Output>
  );
}

/** Rich output: HTML (tables, inline SVG pictures) or an SVG image, inserted as produced. */
export function HtmlOutput({ html }: { html: string }): React.JSX.Element {
  return (
    <Output kind="html">
      <div className={styles.html} dangerouslySetInnerHTML={{ __html: html }} />
    </Output>
  );
}

export function ImageOutput({ src }: { src: string }): React.JSX.Element {
  return (
    <Output kind="image">
      <img className={styles.image} src={src} alt="Cell output" />
    </Output>
  );
}

export function ErrorOutput({ ename, evalue, traceback }: { ename: string; evalue: string; traceback: string }): React.JSX.Element {
  const plainTrace = stripAnsi(traceback);
  const showHeader = !plainTrace.includes(evalue) || evalue === '';
  return (
    <Output kind="error">
      <pre className={styles.pre}>
        {showHeader && (
          <span className={styles.bold}>
            {ename}: {evalue}
            {traceback ? '\n' : ''}
          </span>
        )}
        <AnsiText text={traceback} />
      </pre>
    </Output>
  );
}

/** The note under a notebook page's title: where the notebook lives and how to run it. */
export function NotebookSource({ file }: { file: string }): React.JSX.Element {
  return (
    <div className={clsx('alert alert--secondary', styles.source)}>
      Generated from <code>{file}</code> with the outputs of its last run. Run it yourself with{' '}
      <code>npm run notebooks</code> (Jupyter with the TypeScript kernel, tslab).
    </div>
  );
}
