// Dates, times and numbers as a Danish reader expects them (da-DK), in Copenhagen's time zone.
const TIME_ZONE = "Europe/Copenhagen";
const dateFormat = new Intl.DateTimeFormat("da-DK", { day: "numeric", month: "short", year: "numeric", timeZone: TIME_ZONE });
const dateTimeFormat = new Intl.DateTimeFormat("da-DK", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: TIME_ZONE,
});
const numberFormat = new Intl.NumberFormat("da-DK");
const decimalFormat = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat("da-DK", { style: "percent", maximumFractionDigits: 0 });
const collator = new Intl.Collator("da-DK");

/** A Date scalar (yyyy-mm-dd) is a calendar day: read it as noon UTC so no time zone moves it. */
function parse(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
}

export const formatDate = (value: string | null | undefined): string => (value ? dateFormat.format(parse(value)) : "–");
export const formatDateTime = (value: string | null | undefined): string => (value ? dateTimeFormat.format(parse(value)) : "–");
export const formatNumber = (value: number | null | undefined): string => (value == null ? "–" : numberFormat.format(value));
export const formatDecimal = (value: number | null | undefined): string => (value == null ? "–" : decimalFormat.format(value));
export const formatPercent = (value: number | null | undefined): string => (value == null ? "–" : percentFormat.format(value));
export const compareDanish = (a: string, b: string): number => collator.compare(a, b);
export const days = (value: number): string => `${formatNumber(value)} ${Math.abs(value) === 1 ? "dag" : "dage"}`;
