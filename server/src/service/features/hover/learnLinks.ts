/**
 * Links from hovers to the Microsoft Learn article a fact comes from. The data names its sources by their file in
 * MicrosoftDocs/azure-docs (articles/active-directory-b2c/<name>.md), which Learn publishes under one folder. The
 * link is text in the hover: opening it is the user's choice, and nothing here touches the network.
 */
import { GenericMetadataKey, MetadataKey, ProfileKind } from '../../data/metadata';

const LEARN = 'https://learn.microsoft.com/azure/active-directory-b2c/';

export function learnUrl(article: string): string {
  return LEARN + article.replace(/\.md$/, '');
}

/** One Markdown line linking each article, or '' when there is none. */
export function learnLine(articles: readonly string[]): string {
  const links = [...new Set(articles)].filter((a) => /^[\w.-]+\.md$/.test(a)).map((a) => `[${a.replace(/\.md$/, '')}](${learnUrl(a)})`);
  return links.length ? `Microsoft Learn: ${links.join(', ')}` : '';
}

/** The articles for a Metadata key: its own source when it has one (keys common to many kinds), else its kind's. */
export function metadataKeyArticles(key: MetadataKey, kind: ProfileKind): readonly string[] {
  const own = (key as GenericMetadataKey).source;
  return own ? [own] : kind.sources;
}

/** Appends the line to a hover text, separated as a paragraph. */
export function withLearnLine(text: string, articles: readonly string[]): string {
  const line = learnLine(articles);
  return line ? `${text}\n\n${line}` : text;
}
