import { OperationNodeTransformer } from 'kysely';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  PrimitiveValueListNode,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
  ValueNode,
} from 'kysely';

/**
 * PostgreSQL's `text` (and `jsonb`) cannot hold U+0000, which the protocol allows in every string (it only asks for
 * well-formed Unicode) and SQLite stores as is. So strings cross into PostgreSQL escaped: NUL as U+FFFF '0', U+FFFF
 * itself as U+FFFF U+FFFF. The mapping is one-to-one, so equality and uniqueness are unchanged, and any other
 * string is stored exactly as it is.
 */

const ESCAPE = '\uFFFF';

export function escapeText(text: string): string {
  if (!text.includes('\0') && !text.includes(ESCAPE)) return text;
  return text.replace(/[\0\uFFFF]/g, (unit) => (unit === '\0' ? `${ESCAPE}0` : `${ESCAPE}${ESCAPE}`));
}

export function unescapeText(text: string): string {
  if (!text.includes(ESCAPE)) return text;
  return text.replace(/\uFFFF([\s\S])/g, (_, unit: string) => (unit === '0' ? '\0' : unit));
}

const escapeValue = (value: unknown): unknown => (typeof value === 'string' ? escapeText(value) : value);

class EscapeParameters extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode, queryId?: QueryId): ValueNode {
    const transformed = super.transformValue(node, queryId);
    return { ...transformed, value: escapeValue(transformed.value) };
  }

  protected override transformPrimitiveValueList(
    node: PrimitiveValueListNode,
    queryId?: QueryId,
  ): PrimitiveValueListNode {
    const transformed = super.transformPrimitiveValueList(node, queryId);
    return { ...transformed, values: transformed.values.map(escapeValue) };
  }
}

/** Escapes every string parameter of a query and unescapes every string column of its rows. */
export class TextCodecPlugin implements KyselyPlugin {
  private readonly parameters = new EscapeParameters();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.parameters.transformNode(args.node, args.queryId);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const rows = args.result.rows.map((row) => {
      const decoded: UnknownRow = {};
      for (const [key, value] of Object.entries(row))
        decoded[key] = typeof value === 'string' ? unescapeText(value) : value;
      return decoded;
    });
    return Promise.resolve({ ...args.result, rows });
  }
}
