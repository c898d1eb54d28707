// The little XML that S3 (and STS) need: writing their responses, and reading the two tiny, flat
// request bodies S3 accepts here (VersioningConfiguration, CreateBucketConfiguration) strictly, so that a
// body that is not well-formed is refused as S3 refuses it.

import { ServiceError } from './errors.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export type XmlNode = string | number | boolean | XmlElement | undefined;
export interface XmlElement {
  readonly tag: string;
  readonly children: readonly XmlNode[];
}

export function el(tag: string, ...children: readonly XmlNode[]): XmlElement {
  return { tag, children };
}

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function render(node: XmlNode): string {
  if (node === undefined) return '';
  if (typeof node !== 'object') return escapeXml(String(node));
  const inner = node.children.map(render).join('');
  return inner === '' ? `<${node.tag}/>` : `<${node.tag}>${inner}</${node.tag}>`;
}

/** A whole document whose root element carries the S3 namespace. */
export function s3Document(root: XmlElement): string {
  return xmlDocument(root, S3_NAMESPACE);
}

/** A whole document whose root element carries `namespace`. */
export function xmlDocument(root: XmlElement, namespace: string): string {
  const inner = root.children.map(render).join('');
  const open = `<${root.tag} xmlns="${namespace}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${inner === '' ? `${open}/>` : `${open}>${inner}</${root.tag}>`}`;
}

function malformed(): ServiceError {
  return new ServiceError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}

/**
 * Reads a document whose root is `root` (optionally in the S3 namespace) and whose children are
 * plain text elements, such as `<VersioningConfiguration><Status>Enabled</Status>...`. Returns the
 * children by name; anything else, including XML that is not well-formed, is MalformedXML.
 */
export function readFlatDocument(body: string, root: string): Readonly<Record<string, string>> {
  const withoutDeclaration = body.replace(/^\s*<\?xml[^?]*\?>/, '');
  const document = new RegExp(
    `^\\s*<${root}(?:\\s+xmlns="[^"]*")?\\s*(?:/>|>([\\s\\S]*)</${root}\\s*>)\\s*$`,
  ).exec(withoutDeclaration);
  if (!document) throw malformed();
  const result: Record<string, string> = {};
  let rest = document[1] ?? '';
  const child = /^\s*<([A-Za-z][A-Za-z0-9]*)>([^<]*)<\/\1\s*>/;
  for (let match = child.exec(rest); match; match = child.exec(rest)) {
    const [whole, name = '', text = ''] = match;
    if (name in result) throw malformed();
    result[name] = unescapeXml(text.trim());
    rest = rest.slice(whole.length);
  }
  if (rest.trim() !== '') throw malformed();
  return result;
}

function unescapeXml(text: string): string {
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw malformed();
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}
