import type { Random } from "./random";

/** What a granted case's permit says; the case generator turns it into the contract's Permit. */
export interface PermitTerms {
  kind: PermitKind;
  /** Epoch ms; never before the grant (the generator moves it up if so). */
  validFrom: number;
  /** Epoch ms, or null for permits that last until revoked. */
  validTo: number | null;
  conditions: string[];
}

export type PermitKind =
  | "building"
  | "occupancy"
  | "environmental-approval"
  | "excavation"
  | "scaffolding"
  | "container"
  | "outdoor-serving"
  | "alcohol-licence"
  | "event"
  | "filming"
  | "street-vending"
  | "stall-pitch"
  | "signs-banners"
  | "shopfront-display"
  | "parking-licence"
  | "parking-period-card"
  | "soil-recycling"
  | "waste-recycling"
  | "contaminated-land"
  | "drilling"
  | "wastewater"
  | "discharge"
  | "watercourse"
  | "groundwater"
  | "heat-supply"
  | "noise-dust-dispensation"
  | "waste-fee-exemption"
  | "substance-burial";

export const DAY_MS = 86_400_000;

/**
 * How long each kind of permit runs, from what the permits are for: scaffolding for weeks, outdoor
 * serving for a season or a year, alcohol licences for 2 years the first time and up to 8 after,
 * a building permit until the works should be done, approvals until revoked.
 */
const VALIDITY: Record<PermitKind, (rng: Random) => number | null> = {
  building: (rng) => rng.int(180, 1095),
  occupancy: () => null,
  "environmental-approval": () => null,
  excavation: (rng) => rng.int(3, 60),
  scaffolding: (rng) => rng.int(2, 16) * 7,
  container: (rng) => rng.int(1, 8) * 7,
  "outdoor-serving": (rng) => (rng.chance(0.5) ? 244 : 365),
  "alcohol-licence": (rng) => (rng.chance(0.35) ? 730 : 2922),
  event: (rng) => rng.int(1, 5),
  filming: (rng) => rng.int(1, 3),
  "street-vending": () => 365,
  "stall-pitch": (rng) => rng.int(30, 183),
  "signs-banners": (rng) => rng.int(4, 26) * 7,
  "shopfront-display": (rng) => (rng.chance(0.6) ? 365 : 1095),
  "parking-licence": () => 365,
  "parking-period-card": (rng) => rng.pick([30, 91, 183, 365]),
  "soil-recycling": (rng) => rng.int(60, 540),
  "waste-recycling": (rng) => rng.int(180, 1095),
  "contaminated-land": (rng) => rng.int(180, 730),
  drilling: (rng) => (rng.chance(0.6) ? rng.int(30, 365) : null),
  wastewater: (rng) => (rng.chance(0.7) ? rng.int(30, 365) : null),
  discharge: (rng) => (rng.chance(0.5) ? rng.int(90, 730) : null),
  watercourse: () => null,
  groundwater: (rng) => rng.int(365, 3650),
  "heat-supply": () => null,
  "noise-dust-dispensation": (rng) => rng.int(14, 270),
  "waste-fee-exemption": () => 365,
  "substance-burial": (rng) => rng.int(90, 1095),
};

const CONDITIONS: Record<PermitKind, readonly string[]> = {
  building: [
    "Byggeriet skal udføres efter de godkendte tegninger",
    "Færdigmelding skal indsendes senest 14 dage efter afslutning",
    "Konstruktionsdokumentation skal foreligge før byggestart",
    "Tilladelsen bortfalder, hvis byggeriet ikke er påbegyndt inden 1 år",
  ],
  occupancy: ["Bygningen må tages i brug som ansøgt", "Brandteknisk dokumentation skal være afleveret"],
  "environmental-approval": [
    "Støj må ikke overstige 45 dB(A) om natten i nærmeste bolig",
    "Egenkontrol skal dokumenteres årligt",
    "Affald skal opbevares i tætte containere",
    "Afkast skal føres 1 m over tagryg",
  ],
  excavation: [
    "Fri passage for gående på mindst 1,5 m",
    "Vejen skal retableres efter Københavns Kommunes regulativ",
    "Ledningsoplysninger (LER) skal indhentes før gravning",
    "Afspærring skal godkendes af politiet",
  ],
  scaffolding: [
    "Stilladset skal være afmærket med reflekser og lys",
    "Fri passage under stilladset på mindst 2,2 m",
    "Stilladsreklame kræver særskilt tilladelse",
  ],
  container: ["Containeren skal afmærkes med reflekser", "Må ikke placeres på cykelsti", "Skal tømmes mindst én gang om ugen"],
  "outdoor-serving": [
    "Serveringsarealet skal holdes inden for det afmærkede felt",
    "Fri passage på fortovet på mindst 2 m",
    "Møbler fjernes eller låses sammen efter lukketid",
    "Ingen udendørs musik efter kl. 22",
  ],
  "alcohol-licence": [
    "Bevillingshaver skal være til stede eller have godkendt bestyrer",
    "Lukketid senest kl. 02.00 fra søndag til torsdag",
    "Ingen udskænkning til personer under 18 år",
  ],
  event: [
    "Arrangøren sørger for renholdelse under og efter arrangementet",
    "Redningsveje skal holdes frie",
    "Lydniveau maks. 85 dB(A) ved lydpult",
  ],
  filming: ["Afspærring kun i det angivne tidsrum", "Beboere skal varsles 5 dage før optagelse"],
  "street-vending": ["Salg kun fra godkendte standpladser", "Må ikke sælge alkohol", "Pladsen skal forlades ryddet"],
  "stall-pitch": ["Boden må højst fylde 6 m²", "Strøm må ikke trækkes over fortovet"],
  "signs-banners": ["Skiltet må højst dække 50 % af stilladsets facade", "Belysning må ikke blænde trafikanter"],
  "shopfront-display": ["Vareudstilling højst 70 cm ud fra facaden", "Skilte må ikke stå i ledelinjer for blinde"],
  "parking-licence": ["Licensen gælder kun køretøjer registreret på virksomhedens CVR-nummer", "Licensen skal være synlig i forruden"],
  "parking-period-card": ["Gælder i den angivne zone", "Kortet er knyttet til én nummerplade"],
  "soil-recycling": ["Jorden må kun anvendes på den angivne matrikel", "Analyseresultater skal opbevares i 5 år"],
  "waste-recycling": ["Affaldet skal oplagres på fast bund", "Der skal føres logbog over mængder"],
  "contaminated-land": ["Forurenet jord skal anmeldes før bortskaffelse", "Der skal etableres ren overjord på 0,5 m i opholdsarealer"],
  drilling: ["Boringen skal sløjfes efter endt brug", "Boreprofil skal indberettes til GEUS (Jupiter)"],
  wastewater: ["Oppumpet vand skal ledes gennem sandfang", "Målinger af udledt mængde skal indberettes"],
  discharge: ["Udledningen må ikke overstige den tilladte mængde", "Prøvetagning 4 gange årligt"],
  watercourse: ["Arbejdet skal udføres uden for fiskenes gydeperiode"],
  groundwater: ["Vandindvindingen må højst være den tilladte årlige mængde", "Måler skal aflæses og indberettes årligt"],
  "heat-supply": ["Dispensationen gælder kun den ansøgte bygning"],
  "noise-dust-dispensation": [
    "Støjende arbejde kun på hverdage kl. 7–18",
    "Naboer skal varsles 7 dage før",
    "Støv skal begrænses ved vanding",
  ],
  "waste-fee-exemption": ["Fritagelsen gælder ét kalenderår", "Virksomheden skal dokumentere anden lovlig bortskaffelse"],
  "substance-burial": ["Materialet må kun placeres som beskrevet i ansøgningen"],
};

/**
 * Standard terms for a permit of this kind granted at `grantedAt`; `period` overrides the dates
 * where the application itself names them (excavation from/to, a season).
 */
export function permitTerms(rng: Random, kind: PermitKind, grantedAt: number, period?: { from: number; to: number | null }): PermitTerms {
  const validFrom = period?.from ?? grantedAt + rng.int(0, 14) * DAY_MS;
  const days = VALIDITY[kind](rng);
  const validTo = period ? period.to : days === null ? null : validFrom + days * DAY_MS;
  const options = CONDITIONS[kind];
  return { kind, validFrom, validTo, conditions: rng.sample(options, Math.min(options.length, rng.int(1, 3))) };
}
