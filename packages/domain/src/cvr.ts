/**
 * CVR numbers: 8 digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11
 * (Erhvervsstyrelsen's modulus-11 rule, see docs/domain.md).
 */
const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

export type CvrProblem = "format" | "checksum";

export function cvrProblem(value: string): CvrProblem | null {
  if (!/^\d{8}$/.test(value)) return "format";
  const sum = CVR_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(value[i]), 0);
  return sum % 11 === 0 ? null : "checksum";
}

export function isValidCvr(value: string): boolean {
  return cvrProblem(value) === null;
}

/** Danish first, as every message a person reads; the value cut short, so a megabyte of garbage is not echoed back. */
export function describeCvrProblem(value: string, problem: CvrProblem): string {
  const shown = JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  return problem === "format"
    ? `${shown} er ikke et CVR-nummer: et CVR-nummer er præcis 8 cifre / ${shown} is not a CVR number: a CVR number is exactly 8 digits`
    : `${shown} er ikke et gyldigt CVR-nummer: kontrolcifferet passer ikke (modulus 11) / ${shown} is not a valid CVR number: its check digit does not match (modulus 11)`;
}

/**
 * Completes a 7-digit serial to a valid CVR number, or returns null when no check digit
 * exists for it (remainder 1 would need check digit 10).
 */
export function completeCvr(serial: string): string | null {
  if (!/^\d{7}$/.test(serial)) throw new Error(`a CVR serial is 7 digits, got "${serial}"`);
  const sum = CVR_WEIGHTS.slice(0, 7).reduce((acc, weight, i) => acc + weight * Number(serial[i]), 0);
  const remainder = sum % 11;
  if (remainder === 1) return null;
  return serial + String(remainder === 0 ? 0 : 11 - remainder);
}

/** P-numbers are 10 digits; some real series fail modulus 11, so only the format is checked. */
export function isPNumberFormat(value: string): boolean {
  return /^\d{10}$/.test(value);
}
