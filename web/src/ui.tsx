import type { ReactNode } from "react";
import type { CombinedError } from "urql";
import icons from "dkfds-dist/img/all-svg-icons.svg?url";
import type { Department } from "./generated/graphql";
import { departmentList } from "./labels";

/** A DKFDS icon from the design system's own sprite, bundled with the workspace. */
export function Icon({ name }: { name: string }) {
  return (
    <svg className="icon-svg" focusable="false" aria-hidden="true">
      <use href={`${icons}#${name}`} />
    </svg>
  );
}

/** The graph's own words for what went wrong (Danish first); a network failure in Danish. */
export function errorMessages(error: CombinedError | undefined): string[] {
  if (!error) return [];
  if (error.networkError && !error.graphQLErrors.length) return ["Forbindelsen til Virksomhedsgrafen svigtede. Prøv igen."];
  return [...new Set(error.graphQLErrors.map((graphQLError) => graphQLError.message))];
}

export function Alert({
  kind,
  heading,
  children,
}: {
  kind: "info" | "warning" | "error" | "success";
  heading?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"}>
      <div className="alert-body">
        {heading && <p className="alert-heading">{heading}</p>}
        {children && <div className="alert-text">{children}</div>}
      </div>
    </div>
  );
}

/**
 * Errors beside data: a department that did not answer is named and the rest shown. Refusals
 * (FORBIDDEN and the like) are shown as the graph words them; the workspace hides nothing itself.
 */
export function GraphErrors({ error, incomplete }: { error?: CombinedError; incomplete?: readonly Department[] }) {
  const missing = [
    ...new Set([
      ...(incomplete ?? []),
      ...(error?.graphQLErrors.flatMap((graphQLError) =>
        typeof graphQLError.extensions?.department === "string" ? [graphQLError.extensions.department as Department] : [],
      ) ?? []),
    ]),
  ];
  // A department's failure is said once, in words, above; other errors as the graph words them.
  const messages =
    error && missing.length
      ? [
          ...new Set(
            error.graphQLErrors.filter((graphQLError) => !graphQLError.extensions?.department).map((graphQLError) => graphQLError.message),
          ),
        ]
      : errorMessages(error);
  if (!messages.length && !missing.length) return null;
  return (
    <>
      {missing.length > 0 && (
        <Alert kind="warning" heading={`${departmentList(missing)} svarer ikke lige nu`}>
          <p>
            Siden viser alt det øvrige. Sager og tilladelser fra {missing.length === 1 ? "denne forvaltning" : "disse forvaltninger"}{" "}
            mangler, til systemet svarer igen.
          </p>
        </Alert>
      )}
      {messages.length > 0 && (
        <Alert kind="error" heading="Virksomhedsgrafen svarede med en fejl">
          <ul>
            {messages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Alert>
      )}
    </>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="loading">
      Henter {what} …
    </p>
  );
}
