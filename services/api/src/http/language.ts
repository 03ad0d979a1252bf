import type { Language } from '@fleksi/contracts';

/**
 * Picks Indonesian or English from an Accept-Language header, by quality value.
 * Indonesian is the default: the first users work in Indonesian.
 */
export function preferredLanguage(header: string | undefined): Language {
  if (header === undefined || header === '') {
    return 'id';
  }

  let best: { language: Language; quality: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...parameters] = part.trim().toLowerCase().split(';');
    const qualityParameter = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
    const quality = qualityParameter === undefined ? 1 : Number(qualityParameter.slice(2));
    const language: Language | undefined = tag.startsWith('id') || tag.startsWith('in') ? 'id' : tag.startsWith('en') ? 'en' : undefined;
    if (language !== undefined && Number.isFinite(quality) && quality > 0 && (best === undefined || quality > best.quality)) {
      best = { language, quality };
    }
  }
  return best?.language ?? 'id';
}
