import { useQuery } from "urql";
import { MyCompaniesDocument } from "../generated/graphql";
import { formatDate, days, formatNumber } from "../format";
import { DEPARTMENT_SHORT, registerStatus } from "../labels";
import { href } from "../router";
import { GraphErrors, Loading } from "../ui";

export function MyCompanies() {
  const [{ data, error, fetching }] = useQuery({ query: MyCompaniesDocument, requestPolicy: "cache-and-network" });
  const following = data?.me?.following;
  const incomplete =
    following?.edges.flatMap((edge) => [
      ...edge.node.company.alerts.incompleteDepartments,
      ...edge.node.company.cases.incompleteDepartments,
    ]) ?? [];
  return (
    <>
      <h1 tabIndex={-1}>Mine virksomheder</h1>
      <p className="font-lead">
        Dine kunder og de virksomheder, du følger: åbne sager, tilladelser der udløber snart, og det du bør handle på.
      </p>
      <GraphErrors error={error} incomplete={incomplete} />
      {fetching && !data && <Loading what="dine virksomheder" />}
      {following && following.totalCount === 0 && (
        <p>
          Du følger ingen virksomheder endnu. Find en under <a href={href({ name: "soeg" })}>Søg</a> og vælg »Følg«.
        </p>
      )}
      {following && following.totalCount > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--zebra">
            <caption className="sr-only">Virksomheder du følger ({formatNumber(following.totalCount)})</caption>
            <thead>
              <tr>
                <th scope="col">Virksomhed</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Åbne sager
                </th>
                <th scope="col">Tilladelser der udløber</th>
                <th scope="col">Advarsler</th>
              </tr>
            </thead>
            <tbody>
              {following.edges.map(({ node }) => (
                <tr key={node.company.cvr}>
                  <td>
                    <a href={href({ name: "virksomhed", cvr: node.company.cvr })}>{node.company.name}</a>
                    <div className="subtle">
                      CVR {node.company.cvr}
                      {node.asKeyAccountManager ? " · din kunde" : ""}
                    </div>
                  </td>
                  <td>
                    {registerStatus(node.company.register?.status)}
                    {node.company.advertisingProtected && (
                      <div>
                        <span className="badge badge-warning">Reklamebeskyttet</span>
                      </div>
                    )}
                  </td>
                  <td className="numeric">{formatNumber(node.company.cases.totalCount)}</td>
                  <td>
                    {node.company.alerts.permitsExpiringSoon.length === 0 ? (
                      "Ingen"
                    ) : (
                      <ul className="plain">
                        {node.company.alerts.permitsExpiringSoon.map((permit) => (
                          <li key={permit.id}>
                            {permit.kindText} ({DEPARTMENT_SHORT[permit.issuingDepartment]}): {formatDate(permit.validTo)}
                            {permit.daysUntilExpiry != null && `, om ${days(permit.daysUntilExpiry)}`}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {node.company.alerts.hasAlerts ? (
                      <ul className="plain">
                        {node.company.alerts.messages.map((message) => (
                          <li key={message}>{message}</li>
                        ))}
                      </ul>
                    ) : (
                      "Ingen"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
