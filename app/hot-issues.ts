import { Router } from 'express';
import type { AuthService } from '../desk/auth/index.ts';
import type { Desk } from '../desk/index.ts';
import { extractEntities, hotIssues, type RepeatItem } from '../nlp/index.ts';
import { badRequest } from './errors.ts';

/**
 * `GET /api/desk/hot-issues?days=30&min=3`: problems that several citizens reported at one
 * place (高频问题、高频区域), from the tickets of the last `days` days. It lives here, not in
 * desk/, because it joins the desk's tickets with nlp's place and repeat matching.
 */
export function createHotIssuesRouter({ desk, auth, clock }: { desk: Desk; auth: AuthService; clock: () => Date }): Router {
  const router = Router();
  router.get('/hot-issues', auth.require('manager', 'dispatcher', 'agent'), async (req, res) => {
    const days = Number(req.query.days ?? 30);
    const min = Number(req.query.min ?? 3);
    if (!Number.isInteger(days) || days < 1 || days > 366) throw badRequest('days 必须是 1 到 366 的整数', 'BAD_DAYS');
    if (!Number.isInteger(min) || min < 2 || min > 1000) throw badRequest('min 必须是 2 到 1000 的整数', 'BAD_MIN');
    const since = clock().getTime() - days * 86_400_000;
    const tickets = (await desk.findTickets()).filter((t) => Date.parse(t.createdAt) >= since && t.place);
    const items = tickets.map<RepeatItem>((t) => ({
      id: t.id,
      citizenId: t.citizenKey ?? t.id,
      text: t.publicDescription,
      topic: t.topic ?? t.category,
      address: extractEntities(t.place ?? '').address,
    }));
    const byId = new Map(tickets.map((t) => [t.id, t]));
    res.json({
      days,
      issues: hotIssues(items, { minCitizens: min }).map((h) => ({
        place: h.place,
        topic: h.topic,
        citizens: h.citizens,
        tickets: h.ids.map((id) => {
          const t = byId.get(id)!;
          return { id, status: t.status, department: t.department, createdAt: t.createdAt };
        }),
      })),
    });
  });
  return router;
}
