import { apiRoute } from "@/lib/api/route";
import { listPeople } from "@/features/users/people";

export const GET = apiRoute({ roles: ["admin"] }, () => listPeople());
