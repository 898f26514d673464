import { useEffect, useState } from "react";

// Routes live in the location hash: the gateway serves one page under /app/, and Back, Forward,
// reload and bookmarks keep working without server routes. Five routes do not need a router library.
export type Route =
  | { name: "mine" }
  | { name: "soeg" }
  | { name: "virksomhed"; cvr: string }
  | { name: "henvendelser"; cvr: string }
  | { name: "notifikationer" }
  | { name: "servicemaal" };

function parseRoute(hash: string): Route {
  const [name, cvr] = hash.replace(/^#\/?/, "").split("/");
  if (name === "soeg") return { name };
  if (name === "notifikationer") return { name };
  if (name === "servicemaal") return { name };
  if (name === "virksomhed" && cvr && /^\d{8}$/.test(cvr)) return { name: "virksomhed", cvr };
  if (name === "henvendelser" && cvr && /^\d{8}$/.test(cvr)) return { name: "henvendelser", cvr };
  return { name: "mine" };
}

export function href(route: Route): string {
  return "cvr" in route ? `#/${route.name}/${route.cvr}` : `#/${route.name}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}
