import { jsonResponse } from "@/lib/api/route";

// Unknown API paths answer in the API's JSON error shape, not with an HTML page.
function unknownRoute() {
  return jsonResponse({ error: { code: "not_found", message: "There is no such API v1 route.", details: [] } }, { status: 404 });
}

export { unknownRoute as GET, unknownRoute as POST, unknownRoute as PUT, unknownRoute as PATCH, unknownRoute as DELETE };
