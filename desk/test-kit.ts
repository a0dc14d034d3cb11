/**
 * Test support for desk/ (not exported from index.ts): a settable clock, a recording
 * follow-up sender, actors of every role, a sample complaint, and an HTTP harness with
 * the same `{error:{code,message}}` rendering as the app's error handler.
 */
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { JiesuError } from '../app/errors.ts';
import { createMemoryStore, type Store } from '../store/index.ts';
import {
  type Actor,
  createDesk,
  type Desk,
  type DeskOptions,
  type FollowUpSender,
  type NewTicketInput,
  type SurveyTicket,
} from './index.ts';

/** A clock tests move by hand. */
export function fakeClock(startIso: string) {
  let t = Date.parse(startIso);
  return {
    clock: () => new Date(t),
    set(iso: string) {
      t = Date.parse(iso);
    },
    advance(ms: number) {
      t += ms;
    },
  };
}

/** A follow-up sender that records what it was asked to send. */
export function recordingSender(): FollowUpSender & { sent: Array<{ ticket: SurveyTicket; attempt: 1 | 2 }> } {
  const sent: Array<{ ticket: SurveyTicket; attempt: 1 | 2 }> = [];
  return {
    sent,
    async sendSurvey(ticket, attempt) {
      sent.push({ ticket, attempt });
    },
  };
}

/** The departments of the test taxonomy. */
export const DEPT = { env: '朝阳区生态环境局', city: '朝阳区城管委', housing: '市住建委' } as const;

/** One actor of every role. */
export const actors = {
  agent: { id: 'u-agent', role: 'agent', name: '坐席小李' },
  dispatcher: { id: 'u-disp', role: 'dispatcher', name: '派单员老周' },
  manager: { id: 'u-mgr', role: 'manager', name: '科长' },
  admin: { id: 'u-admin', role: 'admin', name: '管理员' },
  env: { id: 'u-env', role: 'department', name: '环境局办事员', department: DEPT.env },
  city: { id: 'u-city', role: 'department', name: '城管办事员', department: DEPT.city },
  housing: { id: 'u-housing', role: 'department', name: '住建办事员', department: DEPT.housing },
  citizen: (key: string): Actor => ({ id: key, role: 'citizen', name: '市民' }),
} satisfies Record<string, Actor | ((k: string) => Actor)>;

/** The department actor for a department name. */
export function departmentActor(department: string | undefined): Actor {
  return { id: `u-${department}`, role: 'department', name: '办事员', ...(department !== undefined && { department }) };
}

/** The example of the issue: a complaint with a phone number in the text. */
export function complaint(over: Partial<NewTicketInput> = {}): NewTicketInput {
  return {
    description: '我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话13912345678',
    category: '环境保护',
    topic: '油烟污染',
    department: DEPT.env,
    disputed: false,
    urgency: 'normal',
    place: '朝阳区花家地北里3号楼',
    channelId: 'webchat',
    conversation: { channelId: 'webchat', conversation: { id: 'conv-1' }, user: { id: 'visitor-1' } },
    citizen: { key: 'webchat:visitor-1', phone: '13912345678', name: '王小明', reachable: true },
    ...over,
  };
}

/** A desk over a fresh memory store (or the given one), with a fake clock and sender. */
export function makeDesk(start = '2026-11-23T02:00:00.000Z', over: Partial<DeskOptions> & { store?: Store } = {}) {
  const time = fakeClock(start);
  const sender = recordingSender();
  const store = over.store ?? createMemoryStore();
  const desk: Desk = createDesk({
    store,
    clock: time.clock,
    followUp: sender,
    taxonomy: {
      departments: Object.values(DEPT),
      categories: [
        { code: 'env', name: '环境保护', department: DEPT.env, keywords: ['油烟', '噪音'], group: '城市管理' },
        { code: 'city', name: '城乡建设', department: DEPT.city },
        { code: 'labour', name: '劳动和社会保障' },
      ],
    },
    ...over,
  });
  return { desk, store, time, sender };
}

/** The app's error rendering, for router tests. */
export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof JiesuError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message } });
    return;
  }
  res.status(500).json({ error: { code: 'INTERNAL', message: String(err) } });
}

/** Serves routers on 127.0.0.1 port 0; returns the base URL and a closer. */
export async function serve(mounts: Array<[string, Router]>): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  for (const [path, router] of mounts) app.use(path, router);
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
