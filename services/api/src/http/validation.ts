import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';

import { INDONESIAN_VALIDATION_MESSAGES, type Language } from '@fleksi/contracts';

type Issue = z.core.$ZodIssue;

/** A request part that failed its zod schema; the issues keep their input so messages can be rebuilt per language. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly issues: readonly Issue[],
  ) {
    super(`request ${part} is invalid`);
  }
}

/** Validates each request part with its zod schema; fastify calls this once per route and part. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) {
      return { value: result.data };
    }
    return { error: new RequestValidationError(httpPart ?? 'body', result.error.issues) };
  };

const locales = { id: z.locales.id(), en: z.locales.en() };

export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** Turns zod issues into field problems in one language, without echoing the rejected input. */
export function describeIssues(part: string, issues: readonly Issue[], language: Language): FieldProblem[] {
  return issues.slice(0, 50).map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    code: issue.code,
    message: localise(issue, language),
  }));
}

function localise(issue: Issue, language: Language): string {
  const custom = INDONESIAN_VALIDATION_MESSAGES[issue.message];
  if (custom !== undefined) {
    return language === 'id' ? custom : issue.message;
  }
  const message = locales[language].localeError?.(issue as never);
  if (typeof message === 'string') {
    return message;
  }
  return message?.message ?? issue.message;
}
