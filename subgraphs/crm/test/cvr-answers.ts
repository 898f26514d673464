import { readFileSync } from "node:fs";
import { join } from "node:path";
import { filterSource, sourceFilter } from "@company-graph/mocks";
import { http, HttpResponse, type HttpHandler } from "msw";
import type { CvrIndex } from "../src/services/cvr/cvr-client";

const CORPUS = join(__dirname, "fixtures", "cvr-corpus");
const KEY: Record<CvrIndex, string> = { virksomhed: "Vrvirksomhed", produktionsenhed: "VrproduktionsEnhed" };

/** The `_source` documents of a corpus answer (test/fixtures/cvr-corpus). */
export function corpusDocuments(file: string): Record<string, any>[] {
  const answer = JSON.parse(readFileSync(join(CORPUS, file), "utf8")) as { hits: { hits: { _source: Record<string, any> }[] } };
  return answer.hits.hits.map((hit) => Object.values(hit._source)[0]);
}

/** One search the register answered: what was asked, and how many bytes the answer had. */
export interface AnsweredSearch {
  index: CvrIndex;
  body: Record<string, any>;
  bytes: number;
}

/**
 * A register serving fixed documents as Elasticsearch does for the sync's query: those at or after
 * the range's sidstIndlaest, in that order, with the asked-for `_source` only, in one page.
 */
export function fixedRegister(
  base: string,
  documents: Record<CvrIndex, Record<string, any>[]>,
): { handlers: HttpHandler[]; searches: AnsweredSearch[] } {
  const searches: AnsweredSearch[] = [];
  const handlers = (["virksomhed", "produktionsenhed"] as const).map((index) =>
    http.post(`${base}/cvr-permanent/${index}/_search`, async ({ request }) => {
      const body = (await request.json()) as Record<string, any>;
      const since = body.query?.bool?.filter?.[0]?.range?.[`${KEY[index]}.sidstIndlaest`]?.gte as string | undefined;
      const matching = documents[index]
        .filter((document) => !since || Date.parse(document.sidstIndlaest) >= Date.parse(since))
        .sort((a, b) => Date.parse(a.sidstIndlaest) - Date.parse(b.sidstIndlaest));
      const text = JSON.stringify({
        took: 1,
        timed_out: false,
        hits: {
          total: matching.length,
          max_score: null,
          hits: matching.map((document) => ({
            _index: "cvr-v-20220630",
            _type: "_doc",
            _id: String(document.enhedsNummer),
            _score: null,
            _source: filterSource({ [KEY[index]]: document }, sourceFilter(body._source)),
          })),
        },
      });
      searches.push({ index, body, bytes: Buffer.byteLength(text) });
      return new HttpResponse(text, { headers: { "content-type": "application/json" } });
    }),
  );
  return { handlers, searches };
}
