import { useCallback, useRef } from "react";
import { useMutation, type AnyVariables, type TypedDocumentNode } from "urql";

/**
 * A mutation whose input carries an idempotency key (the CRM returns the first result for a key it
 * has seen, never registering twice): one key per intent, kept across retries — the automatic one
 * after a lost connection and the user's »Prøv igen« — and replaced by `newIntent` once the user
 * changes what they send.
 */
export function useIdempotentMutation<Data, Input extends { idempotencyKey: string }>(document: TypedDocumentNode<Data, { input: Input }>) {
  const [state, execute] = useMutation<Data, { input: Input }>(document);
  const key = useRef<string>(crypto.randomUUID());
  const send = useCallback(
    async (input: Omit<Input, "idempotencyKey">) => {
      const variables = { input: { ...input, idempotencyKey: key.current } as Input } as { input: Input } & AnyVariables;
      const first = await execute(variables);
      if (!first.error?.networkError) return first;
      return execute(variables);
    },
    [execute],
  );
  const newIntent = useCallback(() => {
    key.current = crypto.randomUUID();
  }, []);
  return [state, send, newIntent] as const;
}
