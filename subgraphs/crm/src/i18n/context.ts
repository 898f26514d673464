import { DEFAULT_LANGUAGE, type Language } from "./messages";

/** The request's language (set from Accept-Language when the context is made); Danish by default. */
export const languageOfContext = (context: { language?: Language }): Language => context.language ?? DEFAULT_LANGUAGE;
