/**
 * How big a world to generate. The report describes a city of about 30,000 companies in contact
 * with the municipality; volumes in the catalogue are per year for that whole city.
 */
export const PROFILE_NAMES = ["small", "city"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface Profile {
  name: ProfileName;
  companies: number;
  /** Years of case history, ending at the world's `now`. */
  years: number;
  /** Share of the city's annual volume each year gets: companies / 30,000. */
  volumeScale: number;
}

export const CITY_COMPANIES = 30_000;

export const PROFILES: Record<ProfileName, Profile> = {
  // Small enough for unit tests and a laptop demo, big enough that every department has cases.
  small: { name: "small", companies: 300, years: 1, volumeScale: 300 / CITY_COMPANIES },
  city: { name: "city", companies: CITY_COMPANIES, years: 3, volumeScale: 1 },
};

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value);
}

export const DEFAULT_SEED = 2014;
/** Fixed so that "expires within 30 days" and "overdue" mean the same on every run. */
export const DEFAULT_NOW = "2026-11-01T00:00:00Z";
