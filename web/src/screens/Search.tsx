import { useDeferredValue, useEffect, useState } from "react";
import { useQuery } from "urql";
import { SearchCompaniesDocument } from "../generated/graphql";
import { formatNumber } from "../format";
import { registerStatus } from "../labels";
import { href } from "../router";
import { GraphErrors } from "../ui";

/** Typing pauses this long before a search is sent: one request per word, not per key. */
const PAUSE_MS = 250;

export function Search() {
  const [text, setText] = useState(() => sessionStorage.getItem("virksomhedsoverblik.search") ?? "");
  const [search, setSearch] = useState(text.trim());
  useEffect(() => {
    sessionStorage.setItem("virksomhedsoverblik.search", text);
    const timer = setTimeout(() => setSearch(text.trim()), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const deferred = useDeferredValue(search);
  const [{ data, error, fetching }] = useQuery({
    query: SearchCompaniesDocument,
    variables: { search: deferred },
    pause: deferred.length < 2,
  });
  const companies = data?.companies;
  return (
    <>
      <h1 tabIndex={-1}>Søg virksomhed</h1>
      <form role="search" onSubmit={(event) => (event.preventDefault(), setSearch(text.trim()))}>
        <div className="form-group">
          <label className="form-label" htmlFor="search">
            Navn, binavn, branche, CVR-nummer eller P-nummer
          </label>
          <input
            id="search"
            className="form-input input-width-xl"
            type="search"
            autoComplete="off"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
      </form>
      <GraphErrors error={error} />
      <div aria-live="polite" className="search-status">
        {deferred.length >= 2 &&
          companies &&
          !fetching &&
          `${formatNumber(companies.totalCount)} ${companies.totalCount === 1 ? "virksomhed" : "virksomheder"} fundet${companies.totalCount > companies.edges.length ? `, de første ${companies.edges.length} vises` : ""}`}
        {fetching && "Søger …"}
      </div>
      {companies && companies.edges.length > 0 && (
        <ul className="results">
          {companies.edges.map(({ node }) => (
            <li key={node.cvr}>
              <a href={href({ name: "virksomhed", cvr: node.cvr })} className="result-name">
                {node.name}
              </a>
              <span className="subtle"> CVR {node.cvr}</span>
              <div>
                {registerStatus(node.register?.status)}
                {node.address &&
                  ` · ${[node.address.street, [node.address.postalCode, node.address.city].filter(Boolean).join(" ")].filter(Boolean).join(", ")}`}
                {node.register && node.register.secondaryNames.length > 0 && ` · binavne: ${node.register.secondaryNames.join(", ")}`}
              </div>
              {node.advertisingProtected && <span className="badge badge-warning">Reklamebeskyttet</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
