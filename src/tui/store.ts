/**
 * The one store of the terminal UIs (the browser and the live job monitor): the reducer's state,
 * the listeners told when an action changed it (an action that changes nothing tells no one).
 */
import { reduce, type Action, type TuiState } from './state.js';

type Listener = () => void;

export class Store {
  private state: TuiState;
  private listeners = new Set<Listener>();

  constructor(state: TuiState) {
    this.state = state;
  }

  getState = (): TuiState => this.state;

  subscribe = (fn: Listener): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  dispatch(a: Action): void {
    const next = reduce(this.state, a);
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }
}
