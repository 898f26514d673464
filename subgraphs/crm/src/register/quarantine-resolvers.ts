import type { CvrQuarantineReason, CvrRegisterIndex, Resolvers } from "../generated/graphql";
import { languageOfContext } from "../i18n/context";
import { messagesFor } from "../i18n/messages";
import type { QuarantinedDocument } from "../services/cvr/quarantine";

const INDEX: Record<QuarantinedDocument["index"], CvrRegisterIndex> = { virksomhed: "VIRKSOMHED", produktionsenhed: "PRODUKTIONSENHED" };

/** Query.registerQuarantine: the sync's list of set-aside documents (services/cvr/quarantine.ts), codes and texts only. */
export const registerQuarantineResolvers: Resolvers = {
  Query: {
    registerQuarantine: (_, __, context) => {
      const { total, recent } = context.registerQuarantine?.report() ?? { total: 0, recent: [] };
      const reasons = messagesFor(languageOfContext(context)).quarantineReasons;
      return {
        total,
        documents: recent.map((entry) => ({
          registerId: entry.registerId,
          index: INDEX[entry.index],
          reason: entry.reason.toUpperCase().replaceAll("-", "_") as CvrQuarantineReason,
          reasonText: reasons[entry.reason],
          at: entry.at,
        })),
      };
    },
  },
};
