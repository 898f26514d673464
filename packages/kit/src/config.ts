import { z } from "zod";

/**
 * Reads and validates environment configuration once, at start-up, so a wrong value stops the
 * process with a message naming the variable instead of failing later mid-request.
 */
export function loadConfig<Shape extends z.ZodRawShape>(shape: Shape, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return result.data;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const url = () => z.string().url();
export const host = (fallback = "127.0.0.1") => z.string().min(1).default(fallback);
export const milliseconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
