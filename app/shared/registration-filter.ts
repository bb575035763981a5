import { z } from "zod";
import { REGISTRATION_KINDS, REGISTRATION_STATUSES } from "./registrations";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const optionalUuid = z.uuid().optional().catch(undefined);

/** The filters of a project's registrations, from the query string; anything malformed is simply ignored. */
export const registrationFilterSchema = z.object({
  kind: z.enum(REGISTRATION_KINDS).catch("hours"),
  from: isoDate,
  to: isoDate,
  employeeId: optionalUuid,
  taskId: optionalUuid,
  status: z.enum(REGISTRATION_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type RegistrationFilterInput = z.infer<typeof registrationFilterSchema>;
