// DefaultBinder: writes the binding (POST pods/<name>/binding), which sets spec.nodeName.
// Reference: pkg/scheduler/framework/plugins/defaultbinder/default_binder.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "../framework/cycle-state";
import type { BindPlugin, Handle } from "../framework/interface";
import type { Status } from "../framework/status";
import { names } from "./names";

export class DefaultBinder implements BindPlugin {
  readonly name = names.DefaultBinder;
  constructor(private readonly handle: Handle) {}

  bind(_state: CycleState, pod: Pod, nodeName: string): Status | null {
    return this.handle.client.bind(pod, nodeName);
  }
}

export const newDefaultBinder = (_args: unknown, handle: Handle): DefaultBinder => new DefaultBinder(handle);
