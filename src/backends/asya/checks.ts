// Generated from src/backends/asya/models.ts by `npm run gen:checks` (src/backends/check-compiler.ts): do not edit.
// Each model's predicate accepts only what the zod model accepts and returns unchanged; anything
// else is decided by the zod model itself, loaded on first need.
/* eslint-disable -- generated code: its style is the compiler's, checked by test/unit/model-checks.test.ts */
import type { z } from 'zod';
import { everyItem, isObject, lazyModel, onlyKeys, type LazyModel } from '../../http/model.js';
import type * as M from './models.js';

function c0(x: any): boolean {
  return true;
}
function c1(x: any): boolean {
  return (x === undefined || c0(x));
}
function c2(x: any): boolean {
  return isObject(x) && Object.values(x).every(c0);
}
function c3(x: any): boolean {
  return (x === undefined || c2(x));
}
function c4(x: any): boolean {
  return typeof x === 'number' && Number.isFinite(x) && Number.isSafeInteger(x) && x >= 0;
}
function c5(x: any): boolean {
  return (x === undefined || c4(x));
}
function c6(x: any): boolean {
  return isObject(x)
    && c1(x["payload"])
    && c3(x["headers"])
    && c5(x["timeout"]);
}
function c7(x: any): boolean {
  return false;
}
function c8(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c7(x["id"]);
}
function c9(x: any): boolean {
  return typeof x === 'string';
}
function c10(x: any): boolean {
  return (x === undefined || c9(x));
}
function c11(x: any): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}
function c12(x: any): boolean {
  return (x === undefined || c11(x));
}
function c13(x: any): boolean {
  return isObject(x)
    && c10(x["actor"])
    && c10(x["status"])
    && c12(x["progress"])
    && c12(x["progress_percent"])
    && c10(x["message"])
    && c10(x["error"])
    && c10(x["context_id"])
    && c10(x["trace_id"])
    && c10(x["parent_id"])
    && c10(x["deadline_at"])
    && c1(x["payload"])
    && c3(x["headers"])
    && c1(x["result"])
    && c1(x["route_next"]);
}
function c14(x: any): boolean {
  return (x === undefined || c13(x));
}
function c15(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c9(x["id"])
    && Object.hasOwn(x, "status")
    && c9(x["status"])
    && Object.hasOwn(x, "created_at")
    && c9(x["created_at"])
    && Object.hasOwn(x, "updated_at")
    && c9(x["updated_at"])
    && c14(x["data"]);
}
function c16(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c15);
}
function c17(x: any): boolean {
  return (x === null || c16(x));
}
function c18(x: any): boolean {
  return (x === undefined || c17(x));
}
function c19(x: any): boolean {
  return x !== null && x !== undefined && c18(x);
}
function c20(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "messages")
    && c19(x["messages"])
    && Object.hasOwn(x, "total")
    && c4(x["total"]);
}
function c21(x: any): boolean {
  return isObject(x)
    && c10(x["text"]);
}
function c22(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "type")
    && c9(x["type"])
    && c10(x["status"])
    && c3(x["data"]);
}
function c23(x: any): boolean {
  return isObject(x)
    && c10(x["status"])
    && c10(x["actor"])
    && c12(x["progress"])
    && c12(x["progress_percent"])
    && c10(x["message"])
    && c10(x["error"]);
}

export const CreateRequest: LazyModel<z.output<typeof M.CreateRequest>> = lazyModel(c6, () => import('./models.js').then((m) => m.CreateRequest), true);
export const CreateResponse: LazyModel<z.output<typeof M.CreateResponse>> = lazyModel(c8, () => import('./models.js').then((m) => m.CreateResponse));
export const Envelope: LazyModel<z.output<typeof M.Envelope>> = lazyModel(c15, () => import('./models.js').then((m) => m.Envelope), true);
export const EnvelopeData: LazyModel<z.output<typeof M.EnvelopeData>> = lazyModel(c13, () => import('./models.js').then((m) => m.EnvelopeData), true);
export const EnvelopeList: LazyModel<z.output<typeof M.EnvelopeList>> = lazyModel(c20, () => import('./models.js').then((m) => m.EnvelopeList));
export const FlyEventData: LazyModel<z.output<typeof M.FlyEventData>> = lazyModel(c21, () => import('./models.js').then((m) => m.FlyEventData), true);
export const PublishEvent: LazyModel<z.output<typeof M.PublishEvent>> = lazyModel(c22, () => import('./models.js').then((m) => m.PublishEvent), true);
export const StatusEventData: LazyModel<z.output<typeof M.StatusEventData>> = lazyModel(c23, () => import('./models.js').then((m) => m.StatusEventData), true);
