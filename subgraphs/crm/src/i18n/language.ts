import { DEFAULT_LANGUAGE, type Language } from "./messages";

/**
 * The language of the composed texts, from the request's Accept-Language header (the gateway
 * forwards the client's). Danish unless English is preferred over Danish: "en", "en-GB",
 * "en;q=0.9, da;q=0.5" give English; "da", "*", nothing or anything else gives Danish.
 * Hand-parsed: only two languages and q-values matter, which a negotiator library would overdo.
 */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(",") : acceptLanguage;
  if (!header) return DEFAULT_LANGUAGE;
  let best: { language: Language; quality: number } | null = null;
  for (const part of header.split(",")) {
    const [tag, ...parameters] = part.trim().toLowerCase().split(";");
    const quality = Number(
      parameters
        .map((parameter) => parameter.trim())
        .find((parameter) => parameter.startsWith("q="))
        ?.slice(2) ?? 1,
    );
    const language: Language | null = tag === "en" || tag.startsWith("en-") ? "en" : tag === "da" || tag.startsWith("da-") ? "da" : null;
    if (language && Number.isFinite(quality) && quality > 0 && (!best || quality > best.quality)) best = { language, quality };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}
