// The scheduler playground's small text formats, parsed into API objects (and never silently
// dropped: every mistake comes back as a problem naming the field and what was wrong).
//
//   labels        "disktype=ssd, tier=web"          → {disktype: "ssd", tier: "web"}
//   taints        "dedicated=gpu:NoSchedule, spot:PreferNoSchedule"
//   quantities    "500m", "2", "4Gi"                  (Kubernetes resource quantities)
//   values        "us-east-1a, us-east-1b"           (of a node selector requirement)
//   images        "registry.example/web:1.0=400Mi"   (a node's images and their sizes)
//
// Keys and values are checked with src/api's validation, so the messages are the API server's.
import type { Taint } from 'kubernetes-types/core/v1';
import { isQualifiedName, isValidLabelValue, tryParseQuantity } from '@course/api';

export const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type Effect = (typeof EFFECTS)[number];

/** Collects problems as "where: what" lines while a scenario is read. */
export class Problems {
  readonly list: string[] = [];
  add(where: string, what: string): void {
    this.list.push(`${where}: ${what}`);
  }
}

/** Splits "a, b ,c" into ["a", "b", "c"], dropping empty items. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function checkKey(key: string, where: string, problems: Problems): boolean {
  const errs = isQualifiedName(key);
  for (const e of errs) problems.add(where, `invalid label key "${key}": ${e}`);
  return errs.length === 0;
}

function checkValue(value: string, where: string, problems: Problems): boolean {
  const errs = isValidLabelValue(value);
  for (const e of errs) problems.add(where, `invalid label value "${value}": ${e}`);
  return errs.length === 0;
}

/** "k=v, k2=v2" → labels. A bare "k" means an empty value, as `kubectl label node n k=` would set. */
export function parseLabels(text: string, where: string, problems: Problems): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of splitList(text)) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (checkKey(key, where, problems) && checkValue(value, where, problems)) out[key] = value;
  }
  return out;
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** "key=value:Effect" or "key:Effect", as `kubectl taint nodes <node> key=value:Effect` takes them. */
export function parseTaints(text: string, where: string, problems: Problems): Taint[] {
  const out: Taint[] = [];
  for (const item of splitList(text)) {
    const colon = item.lastIndexOf(':');
    if (colon < 0) {
      problems.add(where, `taint "${item}" has no effect: write key=value:NoSchedule (or PreferNoSchedule, NoExecute)`);
      continue;
    }
    const effect = item.slice(colon + 1).trim();
    if (!(EFFECTS as readonly string[]).includes(effect)) {
      problems.add(where, `taint "${item}": effect must be one of ${EFFECTS.join(', ')}`);
      continue;
    }
    const kv = item.slice(0, colon);
    const eq = kv.indexOf('=');
    const key = (eq < 0 ? kv : kv.slice(0, eq)).trim();
    const value = eq < 0 ? undefined : kv.slice(eq + 1).trim();
    if (!checkKey(key, where, problems) || (value !== undefined && !checkValue(value, where, problems))) continue;
    out.push(value === undefined || value === '' ? { key, effect } : { key, value, effect });
  }
  return out;
}

export function formatTaints(taints: readonly Taint[]): string {
  return taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ');
}

/**
 * A resource quantity ("500m", "4Gi"); empty means "none". Returns the canonical text, or
 * undefined (with a problem) when it does not parse or is negative.
 */
export function parseAmount(text: string, where: string, problems: Problems): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const q = tryParseQuantity(t);
  if (!q.ok) {
    problems.add(where, `"${t}" is not a quantity (${q.error.message}); write e.g. 500m or 2 for cpu, 512Mi or 4Gi for memory`);
    return undefined;
  }
  if (q.quantity.sign() < 0) {
    problems.add(where, `"${t}" is negative`);
    return undefined;
  }
  return t;
}

/** "image=size, ..." → image name → size in bytes (what the kubelet reports in node.status.images). */
export function parseImages(text: string, where: string, problems: Problems): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of splitList(text)) {
    const eq = item.lastIndexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    const size = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (name === '' || size === '') {
      problems.add(where, `image "${item}": write name=size, e.g. registry.example/web:1.0=400Mi`);
      continue;
    }
    const q = tryParseQuantity(size);
    if (!q.ok || q.quantity.sign() < 0) {
      problems.add(where, `image "${item}": "${size}" is not a size (e.g. 400Mi)`);
      continue;
    }
    out[name] = q.quantity.value();
  }
  return out;
}
